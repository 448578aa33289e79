import Foundation
import TestSupport
import XCTest

/// The fault matrix of docs/RELIABILITY.md: one AdminUpdateUserAttributes call
/// against a loopback peer that misbehaves in one way. For each fault: the Lua error
/// code, the attempts made, how many requests the peer saw, and that the run ended
/// by itself (the runner kills a run that outlives its limit, which fails the test).
/// Every run allows 3 attempts, 1 s to connect and 1 s to read.
final class FaultMatrixTests: XCTestCase {
    static let call = """
    local ok, r = pcall(cognito.admin_update_user_attributes, {
      UserPoolId = "us-east-1_Faults1", Username = "alice", UserAttributes = { email = "alice@example.com" } })
    if ok then
      print("ok", (r.ResponseMetadata or {}).RetryAttempts)
    else
      print(r.code, r.attempts, r.retryable, r.message)
    end
    """
    static let options = ["--max-attempts", "3", "--connect-timeout", "1", "--read-timeout", "1"]

    struct Outcome {
        var fields: [String]
        var code: String { fields.first ?? "" }
        var attempts: String { fields.count > 1 ? fields[1] : "" }
        var message: String { fields.count > 3 ? fields[3] : "" }
    }

    /// Runs the call against `endpoint`; the run must end by itself within `limit`.
    func run(_ endpoint: String, extra: [String] = [], environment: [String: String] = [:], limit: TimeInterval = 30,
             name: String = #function) throws -> Outcome {
        let result = try cogsh(Self.options + extra + ["--endpoint-url", endpoint, "-e", Self.call],
                               environment: TestSecrets.environment().merging(environment) { $1 }, limit: limit)
        XCTAssertFalse(result.killed, "the run hung past \(limit) s")
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        // The outcome, in the test log, for docs/RELIABILITY.md's table.
        print("fault matrix: \(name): \(line.replacingOccurrences(of: "\t", with: " | "))")
        return Outcome(fields: line.components(separatedBy: "\t"))
    }

    func server(_ script: [ScriptedResponse]) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer(script: script)
    }

    func testConnectionRefused() throws {
        let port = try FreePort.find()   // nothing listens there
        let o = try run("http://127.0.0.1:\(port)")
        XCTAssertEqual(o.code, "NetworkError")
        XCTAssertEqual(o.attempts, "3")
        XCTAssertTrue(o.message.contains("127.0.0.1"), o.message)
    }

    func testResetBeforeAnswering() async throws {
        let s = try await server([.reset])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual([o.code, o.attempts], ["NetworkError", "3"], o.message)
        XCTAssertEqual(s.requestCount, 3)
    }

    func testTruncatedBody() async throws {
        let s = try await server([ScriptedResponse(status: 200, headers: [("Content-Type", "application/x-amz-json-1.1")],
                                                   body: Array(#"{"padding":"0123456789abcdef"}"#.utf8), action: .closeMidBody)])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual([o.code, o.attempts], ["NetworkError", "3"], o.message)
        XCTAssertTrue(o.message.contains("closed the connection before the response was complete"), o.message)
        XCTAssertEqual(s.requestCount, 3)
    }

    func testInvalidJSONIsAParseErrorAndNotRetried() async throws {
        let s = try await server([.json(200, #"{"UserAttributes": [1, 2"#)])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual([o.code, o.attempts], ["ParseError", "1"], o.message)
        XCTAssertEqual(s.requestCount, 1)
    }

    func testHTML500IsRetriedAndNamedByItsStatus() async throws {
        let page = "<html><body><h1>500 Internal Server Error</h1></body></html>"
        let s = try await server([ScriptedResponse(status: 500, headers: [("Content-Type", "text/html")], body: Array(page.utf8))])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual(o.attempts, "3", o.message)
        XCTAssertEqual(s.requestCount, 3)
        XCTAssertTrue(o.message.contains("500"), o.message)
        XCTAssertFalse(o.message.contains("<html>"), "the page is summarised, not dumped: \(o.message)")
    }

    func test503WithRetryAfterIsRetriedThenSucceeds() async throws {
        let unavailable = ScriptedResponse(status: 503, headers: [("Retry-After", "1"), ("Content-Type", "text/plain")],
                                           body: Array("Service Unavailable".utf8))
        let s = try await server([unavailable, unavailable, .json(200, "{}")])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual(o.fields, ["ok", "2"])
        XCTAssertEqual(s.requestCount, 3)
    }

    func test503UntilAttemptsRunOut() async throws {
        let s = try await server([ScriptedResponse(status: 503, headers: [("Retry-After", "1")])])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual(o.attempts, "3", o.message)
        XCTAssertTrue(o.message.contains("503"), o.message)
        XCTAssertEqual(s.requestCount, 3)
    }

    func testThrottlingBurstShorterThanTheAttemptsIsAbsorbed() async throws {
        let throttled = ScriptedResponse.awsError(400, "TooManyRequestsException", "Rate exceeded")
        let s = try await server([throttled, throttled, .json(200, "{}")])
        defer { Task { await s.shutdown() } }
        XCTAssertEqual(try run(s.baseURL).fields, ["ok", "2"])
    }

    /// Calls are paced, and a paced call that is throttled is retried up to 10 times
    /// whatever --max-attempts says, unless that is 1 (it was not processed, so resending is safe).
    func testThrottlingThatNeverEndsSurfacesAfterTenRetries() async throws {
        let s = try await server([.awsError(400, "TooManyRequestsException", "Rate exceeded")])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual([o.code, o.attempts, o.fields[2]], ["TooManyRequestsException", "11", "true"], o.message)
        XCTAssertEqual(s.requestCount, 11)
        let once = try run(s.baseURL, extra: ["--max-attempts", "1"])
        XCTAssertEqual([once.code, once.attempts], ["TooManyRequestsException", "1"], once.message)
    }

    func testThrottlingBurstInAdaptiveModeIsAbsorbed() async throws {
        let throttled = ScriptedResponse.awsError(400, "ThrottlingException", "Rate exceeded")
        let s = try await server([throttled, throttled, .json(200, "{}")])
        defer { Task { await s.shutdown() } }
        XCTAssertEqual(try run(s.baseURL, extra: ["--retry-mode", "adaptive"]).fields, ["ok", "2"])
    }

    func testHeadersSlowerThanTheReadTimeout() async throws {
        let s = try await server([ScriptedResponse.json(200, "{}").delayed(head: 3)])
        defer { Task { await s.shutdown() } }
        // 3 attempts × 1 s read timeout plus backoff: well inside the limit unless something hangs.
        let o = try run(s.baseURL, limit: 20)
        XCTAssertEqual([o.code, o.attempts], ["TimeoutError", "3"], o.message)
        XCTAssertTrue(o.message.contains("read timeout"), o.message)
    }

    func testBodySlowerThanTheReadTimeout() async throws {
        let s = try await server([ScriptedResponse.json(200, #"{"a":1}"#).delayed(body: 3)])
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL, limit: 20)
        XCTAssertEqual([o.code, o.attempts], ["TimeoutError", "3"], o.message)
    }

    func testUntrustedCertificateIsRefusedNotIgnored() async throws {
        let s = try await ScriptedHTTPServer(tls: try SelfSignedCertificate.make()) { _, _ in .json(200, "{}") }
        defer { Task { await s.shutdown() } }
        let o = try run(s.baseURL)
        XCTAssertEqual([o.code, o.attempts], ["NetworkError", "1"], o.message)
        XCTAssertTrue(o.message.contains("TLS failure talking to 127.0.0.1"), o.message)
        XCTAssertTrue(o.message.contains("certificate failed verification (CERTIFICATE_VERIFY_FAILED"), o.message)
        XCTAssertEqual(s.requestCount, 0, "no request got through the handshake")
    }

    func testTheSameCertificateIsTrustedWhenTheCABundleNamesIt() async throws {
        let certificate = try SelfSignedCertificate.make()
        let s = try await ScriptedHTTPServer(tls: certificate) { _, _ in .json(200, "{}") }
        defer { Task { await s.shutdown() } }
        XCTAssertEqual(try run(s.baseURL, environment: ["AWS_CA_BUNDLE": certificate.certificatePath]).fields, ["ok", "0"])
        XCTAssertEqual(s.requestCount, 1)
    }

    func testUnresolvableHost() throws {
        // .invalid never resolves (RFC 6761); the connect timeout bounds a slow resolver.
        let o = try run("https://cognito-idp.cogsh-faults.invalid", limit: 60)
        XCTAssertEqual(o.code, "NetworkError", o.message)
        XCTAssertTrue(o.message.contains("cogsh-faults.invalid"), o.message)
    }
}

/// SIGTERM and SIGINT while a request is in flight: the request is not abandoned
/// half-sent; the run ends with 143 or 130 once it has finished or timed out.
final class SignalDuringRequestTests: XCTestCase {
    func signalDuringRequest(_ signal: Int32, response: ScriptedResponse, readTimeout: String) async throws
        -> (status: Int32, stderr: String, killed: Bool, requests: Int) {
        let s = try await ScriptedHTTPServer(script: [response])
        defer { Task { await s.shutdown() } }
        let source = "print('sending') io.stdout:flush()\n" + FaultMatrixTests.call
        let child = try RunningCommand(Executables.cogsh, ["--max-attempts", "1", "--read-timeout", readTimeout,
                                                           "--endpoint-url", s.baseURL, "-e", source],
                                       environment: TestSecrets.environment())
        XCTAssertTrue(child.waitFor("sending"))
        let deadline = Date().addingTimeInterval(20)
        while s.requestCount == 0 && Date() < deadline { usleep(10_000) }
        XCTAssertEqual(s.requestCount, 1, "the request is in flight")
        kill(child.process.processIdentifier, signal)
        let end = child.finish(limit: 30)
        return (end.status, end.stderr, end.killed, s.requestCount)
    }

    func testSIGTERMWaitsForTheResponseThenExits143() async throws {
        let end = try await signalDuringRequest(SIGTERM, response: ScriptedResponse.json(200, "{}").delayed(head: 2), readTimeout: "10")
        XCTAssertFalse(end.killed)
        XCTAssertEqual(end.status, 143, end.stderr)
        XCTAssertTrue(end.stderr.contains("terminated by SIGTERM"), end.stderr)
        XCTAssertEqual(end.requests, 1, "not retried after the signal")
    }

    func testSIGINTWaitsForTheResponseThenExits130() async throws {
        let end = try await signalDuringRequest(SIGINT, response: ScriptedResponse.json(200, "{}").delayed(head: 2), readTimeout: "10")
        XCTAssertFalse(end.killed)
        XCTAssertEqual(end.status, 130, end.stderr)
        XCTAssertTrue(end.stderr.contains("interrupted by SIGINT"), end.stderr)
    }

    func testSIGTERMDuringARequestThatTimesOutExits143() async throws {
        // The peer never answers in time: the read timeout ends the request, then the signal the run.
        let end = try await signalDuringRequest(SIGTERM, response: ScriptedResponse.json(200, "{}").delayed(head: 30), readTimeout: "2")
        XCTAssertFalse(end.killed, "the read timeout bounded the wait")
        XCTAssertEqual(end.status, 143, end.stderr)
    }
}

extension ScriptedResponse {
    func delayed(head: Double = 0, body: Double = 0) -> ScriptedResponse {
        var r = self
        r.headDelay = head
        r.bodyDelay = body
        return r
    }
}
