import AWSCore
import TestSupport
import XCTest
@testable import Cognito

/// The invoker Lua calls go through, against a loopback server: target header, signing
/// name, body, decoding, errors.
final class InvokerTests: XCTestCase {
    func client(_ server: ScriptedHTTPServer, maxAttempts: Int = 1) -> CognitoInvoker {
        testInvoker(endpoint: server.baseURL, maxAttempts: maxAttempts)
    }

    func testSendsTheValidatedBodyWithTargetAndSigningName() async throws {
        let server = try await ScriptedHTTPServer(script: [.json(200, #"{"Users":[{"Username":"alice","UserCreateDate":1.7e9}]}"#)])
        let result = await invoke(client(server), "list_users", .object(["UserPoolId": .text("eu-west-1_Abc"), "Limit": .int(5)]))
        guard case .success(let response) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(response.status, 200)
        guard case .array(let users)? = response.json["Users"] else { return XCTFail("no Users") }
        XCTAssertEqual(users.first?["UserCreateDate"], .double(1.7e9), "timestamps stay numbers")

        let request = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.header("X-Amz-Target"), "AWSCognitoIdentityProviderService.ListUsers")
        XCTAssertEqual(request.header("Content-Type"), "application/x-amz-json-1.1")
        XCTAssertTrue(request.header("Authorization")?.contains("/eu-west-1/cognito-idp/aws4_request") == true,
                      request.header("Authorization") ?? "no Authorization")
        XCTAssertEqual(try JSONCodec.decode(request.body), .object(["UserPoolId": .string("eu-west-1_Abc"), "Limit": .int(5)]))
    }

    func testInvalidParametersSendNothing() async throws {
        let server = try await ScriptedHTTPServer(script: [.json(200, "{}")])
        let result = await invoke(client(server), "AdminUpdateUserAttributes", updateParams(["Username": .text("a b")]))
        guard case .failure(let e) = result else { return XCTFail("sent invalid parameters") }
        guard case .invalid(let v) = e else { return XCTFail("\(e)") }
        XCTAssertEqual(v.field, "Username")
        XCTAssertEqual(v.operation, "AdminUpdateUserAttributes")
        XCTAssertEqual(server.requestCount, 0)
    }

    func testServiceErrorComesBackAsAWSError() async throws {
        let server = try await ScriptedHTTPServer(script: [.awsError(400, "UserNotFoundException", "User does not exist.")])
        let result = await invoke(client(server), "AdminUpdateUserAttributes", updateParams())
        guard case .failure(.failed(let e)) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(e.code, "UserNotFoundException")
        XCTAssertEqual(e.status, 400)
        XCTAssertEqual(e.operation, "AdminUpdateUserAttributes")
        XCTAssertTrue(CognitoService.operation(named: "AdminUpdateUserAttributes")?.errors.contains(e.code) == true)
    }

    /// Cognito's descriptor makes LimitExceededException a hard limit: not throttling, not
    /// retried, whatever the status, though the client may make three attempts.
    func testLimitExceededIsAHardLimitAndNotRetried() async throws {
        XCTAssertEqual(CognitoService.serviceDescriptor.hardLimitCodes, ["LimitExceededException"])
        for status in [400, 429] {
            let server = try await ScriptedHTTPServer(script: [.awsError(status, "LimitExceededException", "too many groups"),
                                                               .json(200, "{}")])
            let result = await invoke(client(server, maxAttempts: 3), "AdminUpdateUserAttributes", updateParams())
            guard case .failure(.failed(let e)) = result else { return XCTFail("HTTP \(status): \(result)") }
            XCTAssertEqual(e.code, "LimitExceededException")
            XCTAssertFalse(e.retryable, "HTTP \(status)")
            XCTAssertFalse(e.throttling, "HTTP \(status)")
            XCTAssertEqual(e.attempts, 1)
            XCTAssertEqual(server.requestCount, 1)
            await server.shutdown()
        }
    }

    func testRequestBodyIsCompactJSON() throws {
        let call = try testInvoker(endpoint: "http://127.0.0.1:9").prepare("GetUser", params: .object(["AccessToken": .text("tok")]))
        XCTAssertEqual(String(decoding: call.body, as: UTF8.self), #"{"AccessToken":"tok"}"#)
        XCTAssertEqual(call.operation.name, "GetUser")
    }

    func testServiceDescriptor() {
        XCTAssertEqual(CognitoService.serviceDescriptor.endpointEnvironmentID, "COGNITO_IDENTITY_PROVIDER")
        XCTAssertEqual(CognitoService.serviceDescriptor.endpointPrefix, "cognito-idp")
        XCTAssertEqual("AWS_ENDPOINT_URL_" + CognitoService.serviceDescriptor.endpointEnvironmentID,
                       CognitoService.endpointEnvironmentVariable)
    }
}
