import AWSCore
import TestSupport
import XCTest
@testable import Cognito

/// The invoker against a loopback server: target header, signing name, body, decoding, errors.
final class InvokerTests: XCTestCase {
    func client(_ server: ScriptedHTTPServer, maxAttempts: Int = 1) -> AWSJSONClient {
        let credentials = CredentialsProvider(sources: [
            StaticCredentialSource(AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
        ])
        let config = ResolvedConfig(service: CognitoService.serviceDescriptor, profile: "default", region: "eu-west-1",
                                    regionSource: "test", endpoint: server.baseURL, endpointSource: "test",
                                    maxAttempts: maxAttempts, retryMode: .standard,
                                    transport: HTTPTransportSettings(connectTimeout: 5, readTimeout: 5),
                                    debug: false, credentials: credentials)
        return AWSJSONClient(config: config)
    }

    func testSendsTheValidatedBodyWithTargetAndSigningName() async throws {
        let server = try await ScriptedHTTPServer(script: [.json(200, #"{"Users":[{"Username":"alice","UserCreateDate":1.7e9}]}"#)])
        let result = await CognitoService.invoke("list_users", params: .object(["UserPoolId": .text("eu-west-1_Abc"), "Limit": .int(5)]),
                                                 client: client(server))
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
        let result = await CognitoService.invoke("AdminUpdateUserAttributes", params: updateParams(["Username": .text("a b")]),
                                                 client: client(server))
        guard case .failure(let e) = result else { return XCTFail("sent invalid parameters") }
        XCTAssertEqual(e.field, "Username")
        XCTAssertEqual(e.awsError.code, "ValidationError")
        XCTAssertEqual(e.awsError.kind, .validation)
        XCTAssertEqual(e.awsError.operation, "AdminUpdateUserAttributes")
        XCTAssertEqual(e.awsError.attempts, 0)
        XCTAssertEqual(server.requestCount, 0)
    }

    func testServiceErrorComesBackAsAWSError() async throws {
        let server = try await ScriptedHTTPServer(script: [.awsError(400, "UserNotFoundException", "User does not exist.")])
        let result = await CognitoService.invoke("AdminUpdateUserAttributes", params: updateParams(), client: client(server))
        guard case .failure(.failed(let e)) = result else { return XCTFail("\(result)") }
        XCTAssertEqual(e.code, "UserNotFoundException")
        XCTAssertEqual(e.status, 400)
        XCTAssertEqual(e.operation, "AdminUpdateUserAttributes")
        XCTAssertTrue(CognitoService.errors(for: "AdminUpdateUserAttributes").contains(e.code))
    }

    func testRequestBodyIsCompactJSON() throws {
        let bytes = try CognitoService.requestBody("GetUser", params: .object(["AccessToken": .text("tok")]))
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), #"{"AccessToken":"tok"}"#)
    }

    func testServiceDescriptor() {
        XCTAssertEqual(CognitoService.serviceDescriptor.endpointEnvironmentID, "COGNITO_IDENTITY_PROVIDER")
        XCTAssertEqual(CognitoService.serviceDescriptor.endpointPrefix, "cognito-idp")
        XCTAssertEqual("AWS_ENDPOINT_URL_" + CognitoService.serviceDescriptor.endpointEnvironmentID,
                       CognitoService.endpointEnvironmentVariable)
    }
}
