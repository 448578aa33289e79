import AWSCore
import Foundation
import TestSupport
import XCTest

final class DebugOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var blocks: [String] = []
    func append(_ s: String) { lock.lock(); blocks.append(s); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return blocks.joined(separator: "\n") }
    var sink: DebugSink { DebugSink { self.append($0) } }
}

/// A full scenario with --debug on: neither the debug output nor any error shows the
/// secret key, the session token or a signature.
final class DebugRedactionTests: XCTestCase {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY"
    let token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN+abc/def=="

    func testScenarioNeverLeaksSecrets() async throws {
        let server = try await ScriptedHTTPServer(script: [
            .awsError(400, "TooManyRequestsException", "Rate exceeded"),
            .json(200, #"{"AuthenticationResult":{"AccessToken":"eyJaccess","RefreshToken":"eyJrefresh"},"NextToken":"n1"}"#),
            .reset,
            .awsError(400, "NotAuthorizedException", "bad token \(token)"),
        ])
        defer { Task { await server.shutdown() } }
        let out = DebugOutput()
        let client = try await makeClient(server, time: VirtualTime(), maxAttempts: 2, debug: out.sink,
                                          credentials: AWSCredentials(accessKeyId: "AKIADEBUG", secretAccessKey: secret, sessionToken: token))
        let body = Array(#"{"Username":"alice","Password":"hunter2-secret","UserPoolId":"us-east-1_X"}"#.utf8)
        let first = await client.send(operation: "AdminInitiateAuth", body: body)
        XCTAssertNoThrow(try first.get())
        let second = await client.send(operation: "AdminUpdateUserAttributes", body: body)
        guard case .failure(let error) = second else { return XCTFail("expected the scripted failure") }

        let debug = out.text
        let signatures = server.requests.compactMap { $0.header("Authorization")?.components(separatedBy: "Signature=").last }
        XCTAssertEqual(signatures.count, 4, "throttle + success, reset + failure")
        XCTAssertEqual(server.requests.first?.header("X-Amz-Security-Token"), token, "the token is sent")
        var secrets = [secret, token, "hunter2-secret", "eyJaccess", "eyJrefresh"] + signatures
        secrets.append(String(secret.prefix(20)))
        for s in secrets {
            XCTAssertFalse(debug.contains(s), "debug output leaks \(s.prefix(6))…")
            XCTAssertFalse(error.description.contains(s), "error leaks \(s.prefix(6))…")
            XCTAssertFalse(error.message.contains(s))
        }
        // The output is still useful: request lines, targets, statuses, masked fields.
        XCTAssertTrue(debug.contains("--> POST \(server.baseURL)/"))
        XCTAssertTrue(debug.contains("X-Amz-Target: AWSCognitoIdentityProviderService.AdminInitiateAuth"))
        XCTAssertTrue(debug.contains("Credential=AKIADEBUG/"))
        XCTAssertTrue(debug.contains("Signature=****"))
        XCTAssertTrue(debug.contains("X-Amz-Security-Token: ****"))
        XCTAssertTrue(debug.contains("<-- HTTP 400"))
        XCTAssertTrue(debug.contains("\"Username\":\"alice\""))
        XCTAssertTrue(debug.contains("\"Password\":\"****\""))
        XCTAssertTrue(debug.contains("\"NextToken\":\"n1\""), "pagination cursors stay visible")
        XCTAssertTrue(debug.contains("NetworkError"), "the reset shows up in the debug output")
        XCTAssertEqual(error.code, "NotAuthorizedException")
    }

    func testDebugOffWritesNothing() async throws {
        let server = try await ScriptedHTTPServer(script: [.json(200, "{}")])
        defer { Task { await server.shutdown() } }
        let out = DebugOutput()
        let home = try TempHome()
        let config = try await ConfigResolver.resolve(service: testService,
            overrides: AWSConfigOverrides(region: "us-east-1", endpointURL: server.baseURL, debug: false,
                                          credentials: AWSCredentials(accessKeyId: "A", secretAccessKey: "s")),
            environment: baseEnvironment(), homeDirectory: home.path)
        _ = try await AWSJSONClient(config: config, debugSink: out.sink).send(operation: "ListUserPools", body: []).get()
        XCTAssertEqual(out.text, "")
    }

    func testRedactorMasksAuthorizationAndTokens() {
        let r = Redactor(secrets: ["supersecretvalue"])
        let auth = r.header(("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/s/aws4_request, SignedHeaders=host, Signature=abcdef0123"))
        XCTAssertEqual(auth.value, "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/s/aws4_request, SignedHeaders=host, Signature=****")
        XCTAssertEqual(r.header(("Authorization", "Bearer xyz")).value, "****")
        XCTAssertEqual(r.header(("x-amz-security-token", "t")).value, "****")
        XCTAssertEqual(r.header(("X-Note", "has supersecretvalue inside")).value, "has **** inside")
        XCTAssertEqual(r.body(Array(#"{"ClientSecret":"x","Nested":[{"SecretHash":"y"}],"Name":"n"}"#.utf8)),
                       #"{"ClientSecret":"****","Name":"n","Nested":[{"SecretHash":"****"}]}"#)
    }
}
