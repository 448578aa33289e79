@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// `AWSJSONClient.callerIdentity()` against a scripted STS: the signed form it sends, how
/// it reads the answer, STS's refusals as service errors, the client's retries, and
/// `--debug` output without a secret. (Where it sends: STSEndpointTests; against moto:
/// MotoSTSTests.)
final class CallerIdentityTests: XCTestCase {
    static let keys = AWSCredentials(accessKeyId: TestSecrets.accessKeyId, secretAccessKey: TestSecrets.secretAccessKey,
                                     sessionToken: TestSecrets.sessionToken)

    /// A client for Cognito at a port nobody answers (`--endpoint-url` names Cognito's
    /// endpoint, never STS's), STS where `environment` says.
    func client(_ environment: [String: String], credentials: AWSCredentials? = keys,
                maxAttempts: Int = 3, debug: DebugSink? = nil) async throws -> AWSJSONClient {
        let config = try await resolve(baseEnvironment(environment), home: try TempHome(), overrides: AWSConfigOverrides(
            region: "eu-west-1", endpointURL: "http://127.0.0.1:9", maxAttempts: maxAttempts, debug: debug != nil,
            credentials: credentials))
        return AWSJSONClient(config: config, debugSink: debug, retryEnvironment: noSleep)
    }

    func testSendsGetCallerIdentitySignedWithTheClientsCredentialsAndReadsTheAnswer() async throws {
        let sts = try await ScriptedHTTPServer(script: [STSAnswer.callerIdentity()])
        defer { Task { await sts.shutdown() } }
        let identity = try await client(["AWS_ENDPOINT_URL_STS": sts.baseURL]).callerIdentity().get()
        XCTAssertEqual(identity, CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/alice",
                                                userId: "AIDACOGSHTESTUSER001"))
        XCTAssertEqual(sts.requestCount, 1)
        let request = try XCTUnwrap(sts.requests.first)
        XCTAssertEqual(request.bodyText, "Action=GetCallerIdentity&Version=2011-06-15")
        try assertSignedForSTS(request, region: "eu-west-1", credentials: Self.keys)
    }

    func testARefusalIsAServiceErrorWithSTSsCodeAndIsNotRetried() async throws {
        let cases: [(Int, String, String)] = [
            (403, "InvalidClientTokenId", "The security token included in the request is invalid."),
            (400, "ExpiredToken", "The security token included in the request is expired"),
            (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."),
        ]
        for (status, code, message) in cases {
            let sts = try await ScriptedHTTPServer(script: [STSAnswer.error(status, code, message)])
            let result = try await client(["AWS_ENDPOINT_URL_STS": sts.baseURL]).callerIdentity()
            guard case .failure(let e) = result else { return XCTFail("\(code): expected a failure") }
            XCTAssertEqual(e.kind, .service, code)
            XCTAssertEqual(e.code, code)
            XCTAssertEqual(e.message, message)
            XCTAssertEqual(e.status, status)
            XCTAssertEqual(e.requestId, "req-sts-1")
            XCTAssertEqual(e.operation, "GetCallerIdentity")
            XCTAssertFalse(e.retryable)
            XCTAssertEqual(e.attempts, 1)
            XCTAssertEqual(sts.requestCount, 1, "\(code) is not retried")
            await sts.shutdown()
        }
    }

    func testThrottlingAndServerErrorsAreRetriedWithTheClientsAttempts() async throws {
        let sts = try await ScriptedHTTPServer(script: STSAnswer.troubleThen(STSAnswer.callerIdentity(account: "210987654321")))
        defer { Task { await sts.shutdown() } }
        let identity = try await client(["AWS_ENDPOINT_URL_STS": sts.baseURL], maxAttempts: 4).callerIdentity().get()
        XCTAssertEqual(identity.account, "210987654321")
        XCTAssertEqual(sts.requestCount, 4)

        let failing = try await ScriptedHTTPServer(script: [STSAnswer.error(503, "ServiceUnavailable", "try later")])
        defer { Task { await failing.shutdown() } }
        guard case .failure(let e) = try await client(["AWS_ENDPOINT_URL_STS": failing.baseURL], maxAttempts: 2).callerIdentity() else {
            return XCTFail("expected a failure")
        }
        XCTAssertEqual(e.code, "ServiceUnavailable")
        XCTAssertTrue(e.retryable)
        XCTAssertEqual(e.attempts, 2)
        XCTAssertEqual(failing.requestCount, 2)
    }

    func testUnreadableAnswersAreParseErrors() async throws {
        let answers = [
            ScriptedResponse(status: 200, body: Array("<GetCallerIdentityResponse><unclosed>".utf8)),
            ScriptedResponse(status: 200, body: Array("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>".utf8)),
        ]
        for answer in answers {
            let sts = try await ScriptedHTTPServer(script: [answer])
            guard case .failure(let e) = try await client(["AWS_ENDPOINT_URL_STS": sts.baseURL]).callerIdentity() else {
                return XCTFail("expected a failure")
            }
            XCTAssertEqual(e.kind, .parse)
            XCTAssertEqual(e.code, "ParseError")
            XCTAssertEqual(e.status, 200)
            XCTAssertEqual(e.operation, "GetCallerIdentity")
            XCTAssertEqual(e.attempts, 1)
            XCTAssertEqual(sts.requestCount, 1, "an unreadable answer is not retried")
            await sts.shutdown()
        }
    }

    func testNoCredentialsIsACredentialsErrorAndNothingIsSent() async throws {
        let sts = try await ScriptedHTTPServer(script: [STSAnswer.callerIdentity()])
        defer { Task { await sts.shutdown() } }
        guard case .failure(let e) = try await client(["AWS_ENDPOINT_URL_STS": sts.baseURL], credentials: nil).callerIdentity() else {
            return XCTFail("expected a failure")
        }
        XCTAssertEqual(e.kind, .credentials)
        XCTAssertEqual(e.operation, "GetCallerIdentity")
        XCTAssertEqual(e.attempts, 0)
        XCTAssertEqual(sts.requestCount, 0)
    }

    func testDebugOutputShowsNoSecretOrSignature() async throws {
        let sts = try await ScriptedHTTPServer(script: [
            STSAnswer.error(400, "Throttling", "Rate exceeded for \(TestSecrets.secretAccessKey)"), STSAnswer.callerIdentity(),
        ])
        defer { Task { await sts.shutdown() } }
        let out = DebugOutput()
        _ = try await client(["AWS_ENDPOINT_URL_STS": sts.baseURL], debug: out.sink).callerIdentity().get()
        // The key id stays visible; the secret key (in the error message too), the token and the signatures do not.
        assertContains(out.text, [
            "--> POST \(sts.baseURL)/ (attempt 1)", "--> POST \(sts.baseURL)/ (attempt 2)", "Action=GetCallerIdentity&Version=2011-06-15",
            "Credential=\(TestSecrets.accessKeyId)/", "Signature=****", "X-Amz-Security-Token: ****", "Rate exceeded for ****",
            "<Account>123456789012</Account>",
        ])
        let signatures = sts.requests.compactMap { $0.header("Authorization")?.components(separatedBy: "Signature=").last }
        XCTAssertEqual(signatures.count, 2)
        assertNoTestSecret(out.text, extra: signatures)
    }
}
