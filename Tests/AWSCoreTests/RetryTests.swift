import AWSCore
import Foundation
import TestSupport
import XCTest

/// Virtual time for retries: sleeping advances the clock at once and is recorded.
final class VirtualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var clock = 1000.0
    private var slept: [Double] = []
    var randomValue = 0.5

    var sleeps: [Double] { lock.lock(); defer { lock.unlock() }; return slept }
    var now: Double { lock.lock(); defer { lock.unlock() }; return clock }
    func advance(_ s: Double) { lock.lock(); clock += s; lock.unlock() }
    func record(sleep s: Double) { lock.lock(); slept.append(s); clock += s; lock.unlock() }

    var environment: RetryEnvironment {
        RetryEnvironment(random: { self.randomValue },
                         sleep: { s in self.record(sleep: s) },
                         now: { self.now })
    }
}

func makeClient(_ server: ScriptedHTTPServer, time: VirtualTime, maxAttempts: Int = 3, mode: RetryMode = .standard,
                readTimeout: Double = 5, quota: RetryQuota = RetryQuota(), debug: DebugSink? = nil,
                credentials: AWSCredentials = AWSCredentials(accessKeyId: "AKIATEST", secretAccessKey: "testsecret"),
                service: ServiceDescriptor = testService) async throws -> AWSJSONClient {
    let home = try TempHome()
    let config = try await ConfigResolver.resolve(
        service: service,
        overrides: AWSConfigOverrides(region: "us-east-1", endpointURL: server.baseURL, maxAttempts: maxAttempts, retryMode: mode,
                                      connectTimeout: 2, readTimeout: readTimeout, debug: debug != nil, credentials: credentials),
        environment: baseEnvironment(), homeDirectory: home.path)
    return AWSJSONClient(config: config, debugSink: debug, retryEnvironment: time.environment, retryQuota: quota)
}

final class RetryTests: XCTestCase {
    let ok = ScriptedResponse.json(200, #"{"UserPools":[]}"#, headers: [("x-amzn-RequestId", "req-ok")])

    func send(_ client: AWSJSONClient) async -> Result<AWSResponse, AWSError> {
        await client.send(operation: "ListUserPools", targetPrefix: "AWSCognitoIdentityProviderService",
                          signingName: "cognito-idp", body: Array(#"{"MaxResults":10}"#.utf8))
    }

    func testThrottleThenSuccess() async throws {
        let server = try await ScriptedHTTPServer(script: [.awsError(400, "TooManyRequestsException", "Rate exceeded"), ok])
        defer { Task { await server.shutdown() } }
        let time = VirtualTime()
        let client = try await makeClient(server, time: time)
        let response = try await send(client).get()
        XCTAssertEqual(response.retryAttempts, 1)
        XCTAssertEqual(response.requestId, "req-ok")
        XCTAssertEqual(response.json["UserPools"], .array([]))
        XCTAssertEqual(server.requestCount, 2)
        XCTAssertEqual(time.sleeps, [0.5], "first backoff is random × 1 s")
        XCTAssertEqual(server.requests.map { $0.header("amz-sdk-request") }, ["attempt=1; max=3", "attempt=2; max=3"])
        let first = server.requests[0]
        XCTAssertEqual(first.method, "POST")
        XCTAssertEqual(first.uri, "/")
        XCTAssertEqual(first.header("X-Amz-Target"), "AWSCognitoIdentityProviderService.ListUserPools")
        XCTAssertEqual(first.header("Content-Type"), "application/x-amz-json-1.1")
        XCTAssertTrue(first.header("User-Agent")?.hasPrefix("cogsh/") ?? false)
        XCTAssertTrue(first.header("Authorization")?.contains("/us-east-1/cognito-idp/aws4_request") ?? false)
        XCTAssertEqual(first.bodyText, #"{"MaxResults":10}"#)
    }

    /// Every attempt of one call carries the same amz-sdk-invocation-id, a random
    /// version-4 UUID in lower case; the next call gets another.
    func testOneInvocationIdPerCallAcrossItsAttempts() async throws {
        let server = try await ScriptedHTTPServer(script: [.awsError(500, "InternalErrorException", "oops"), ok, ok])
        defer { Task { await server.shutdown() } }
        let client = try await makeClient(server, time: VirtualTime())
        _ = try await send(client).get()
        _ = try await send(client).get()
        let ids = server.requests.compactMap { $0.header("amz-sdk-invocation-id") }
        XCTAssertEqual(ids.count, 3)
        XCTAssertEqual(ids[0], ids[1], "the retry keeps the call's id")
        XCTAssertNotEqual(ids[1], ids[2], "a new call, a new id")
        for id in ids {
            let scalars = Array(id.unicodeScalars)
            XCTAssertNotNil(UUID(uuidString: id), id)
            XCTAssertEqual(id, id.lowercased())
            XCTAssertEqual(scalars.count, 36, id)
            XCTAssertEqual(scalars[14], "4", "version 4: \(id)")
            XCTAssertTrue("89ab".unicodeScalars.contains(scalars[19]), "RFC 4122 variant: \(id)")
        }
    }

    func testServerErrorThenSuccess() async throws {
        let server = try await ScriptedHTTPServer(script: [.init(status: 500, body: Array("oops".utf8)), ok])
        defer { Task { await server.shutdown() } }
        let response = try await send(try await makeClient(server, time: VirtualTime())).get()
        XCTAssertEqual(response.retryAttempts, 1)
        XCTAssertEqual(server.requestCount, 2)
    }

    func testConnectionResetThenSuccess() async throws {
        let server = try await ScriptedHTTPServer(script: [.reset, ok])
        defer { Task { await server.shutdown() } }
        let response = try await send(try await makeClient(server, time: VirtualTime())).get()
        XCTAssertEqual(response.retryAttempts, 1)
        XCTAssertEqual(server.requestCount, 2)
    }

    func testConnectionClosedMidBodyIsANetworkError() async throws {
        var cut = ScriptedResponse.json(200, #"{"UserPools":[{"Id":"x"}]}"#)
        cut.action = .closeMidBody
        let server = try await ScriptedHTTPServer(script: [cut])
        defer { Task { await server.shutdown() } }
        let result = await send(try await makeClient(server, time: VirtualTime(), maxAttempts: 2))
        guard case .failure(let e) = result else { return XCTFail("expected a failure") }
        XCTAssertEqual(e.kind, .network)
        XCTAssertEqual(e.code, "NetworkError")
        XCTAssertNil(e.status)
        XCTAssertEqual(e.attempts, 2)
        XCTAssertEqual(server.requestCount, 2)
    }

    func testSlowBodyPastReadTimeout() async throws {
        let slow = ScriptedResponse(status: 200, headers: [("Content-Type", "application/x-amz-json-1.1")],
                                    body: Array("{}".utf8), bodyDelay: 2.0)
        let server = try await ScriptedHTTPServer(script: [slow, ok])
        defer { Task { await server.shutdown() } }
        // Alone: a TimeoutError, retryable.
        let single = await send(try await makeClient(server, time: VirtualTime(), maxAttempts: 1, readTimeout: 0.3))
        guard case .failure(let e) = single else { return XCTFail("expected a timeout") }
        XCTAssertEqual(e.kind, .timeout)
        XCTAssertEqual(e.code, "TimeoutError")
        XCTAssertTrue(e.retryable)
        XCTAssertEqual(e.attempts, 1)
        XCTAssertEqual(e.operation, "ListUserPools")
    }

    func testSlowBodyIsRetried() async throws {
        let slow = ScriptedResponse(status: 200, body: Array("{}".utf8), bodyDelay: 2.0)
        let server = try await ScriptedHTTPServer(script: [slow, ok])
        defer { Task { await server.shutdown() } }
        let response = try await send(try await makeClient(server, time: VirtualTime(), readTimeout: 0.3)).get()
        XCTAssertEqual(response.retryAttempts, 1)
    }

    func testRetriesExhaustedCarriesAttempts() async throws {
        let server = try await ScriptedHTTPServer(script: [.awsError(503, "ServiceUnavailable", "try later")])
        defer { Task { await server.shutdown() } }
        let time = VirtualTime()
        let result = await send(try await makeClient(server, time: time))
        guard case .failure(let e) = result else { return XCTFail("expected a failure") }
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.code, "ServiceUnavailable")
        XCTAssertEqual(e.status, 503)
        XCTAssertEqual(e.attempts, 3)
        XCTAssertTrue(e.retryable)
        XCTAssertNotNil(e.requestId)
        XCTAssertEqual(server.requestCount, 3)
        XCTAssertEqual(time.sleeps, [0.5, 1.0], "random × min(2^(n−1), 20)")
    }

    /// A code the service's descriptor names a hard limit is neither throttling nor retried,
    /// whatever the status; the same answers from a service without that rule are retried
    /// (429 is throttling, 503 a server fault). Cognito's rule is checked in CognitoTests.
    func testTheServicesHardLimitCodesAreNeverRetried() async throws {
        var strict = testService
        strict.hardLimitCodes = ["QuotaHardLimitException"]
        for status in [400, 429, 503] {
            let server = try await ScriptedHTTPServer(script: [.awsError(status, "QuotaHardLimitException", "too many groups"), ok])
            defer { Task { await server.shutdown() } }
            let result = await send(try await makeClient(server, time: VirtualTime(), service: strict))
            guard case .failure(let e) = result else { return XCTFail("HTTP \(status): expected a failure") }
            XCTAssertEqual(e.code, "QuotaHardLimitException")
            XCTAssertFalse(e.retryable, "HTTP \(status)")
            XCTAssertFalse(e.throttling, "HTTP \(status)")
            XCTAssertEqual(e.attempts, 1)
            XCTAssertEqual(server.requestCount, 1)
        }
        for status in [429, 503] {
            let server = try await ScriptedHTTPServer(script: [.awsError(status, "QuotaHardLimitException", "too many groups"), ok])
            defer { Task { await server.shutdown() } }
            let response = try await send(try await makeClient(server, time: VirtualTime())).get()
            XCTAssertEqual(response.retryAttempts, 1, "HTTP \(status) without the rule is retried")
        }
    }

    func testOtherClientErrorsAreNotRetried() async throws {
        let server = try await ScriptedHTTPServer(script: [.awsError(400, "com.amazonaws.cognito#UserNotFoundException", "User does not exist."), ok])
        defer { Task { await server.shutdown() } }
        let result = await send(try await makeClient(server, time: VirtualTime()))
        guard case .failure(let e) = result else { return XCTFail("expected a failure") }
        XCTAssertEqual(e.code, "UserNotFoundException")
        XCTAssertEqual(e.message, "User does not exist.")
        XCTAssertEqual(e.attempts, 1)
        XCTAssertEqual(server.requestCount, 1)
    }

    func testRetryQuotaExhausted() async throws {
        let server = try await ScriptedHTTPServer(script: [.init(status: 500)])
        defer { Task { await server.shutdown() } }
        let quota = RetryQuota(capacity: 10)  // two retries' worth
        let client = try await makeClient(server, time: VirtualTime(), quota: quota)
        let first = await send(client)
        guard case .failure(let e1) = first else { return XCTFail() }
        XCTAssertEqual(e1.attempts, 3)
        XCTAssertEqual(quota.availableCapacity, 0)
        let second = await send(client)
        guard case .failure(let e2) = second else { return XCTFail() }
        XCTAssertEqual(e2.attempts, 1, "no retry once the quota is spent")
        XCTAssertTrue(e2.message.contains("retry quota"))
        XCTAssertEqual(server.requestCount, 4)
    }

    func testSuccessRefillsQuota() async throws {
        let server = try await ScriptedHTTPServer(script: [.init(status: 502), ok])
        defer { Task { await server.shutdown() } }
        let quota = RetryQuota(capacity: 500)
        let client = try await makeClient(server, time: VirtualTime(), quota: quota)
        _ = try await send(client).get()
        XCTAssertEqual(quota.availableCapacity, 500, "the retry's cost comes back after success")
    }

    func testAdaptiveModeSlowsDownUnderThrottling() async throws {
        // Throttle every other request: the limiter must switch on and make the client wait.
        let server = try await ScriptedHTTPServer { _, i in
            i % 2 == 0 ? .awsError(400, "ThrottlingException", "slow down") : .json(200, "{}")
        }
        defer { Task { await server.shutdown() } }
        let time = VirtualTime()
        time.randomValue = 0  // backoff sleeps are 0, so every wait recorded is the rate limiter's
        let client = try await makeClient(server, time: time, maxAttempts: 5, mode: .adaptive)
        for _ in 0..<20 { _ = try await send(client).get() }
        let limiter = try XCTUnwrap(client.rateLimiter)
        XCTAssertTrue(limiter.isEnabled)
        let waits = time.sleeps.filter { $0 > 0 }
        XCTAssertFalse(waits.isEmpty, "the rate limiter should have delayed some sends")
        XCTAssertLessThan(limiter.currentRate, 10, "the allowed rate stays low under steady throttling")
    }

    func testStandardModeHasNoRateLimiter() async throws {
        let server = try await ScriptedHTTPServer(script: [ok])
        defer { Task { await server.shutdown() } }
        let client = try await makeClient(server, time: VirtualTime())
        XCTAssertNil(client.rateLimiter)
    }
}

final class AdaptiveRateLimiterTests: XCTestCase {
    func testCubicBackoffAndRecovery() async {
        let time = VirtualTime()
        let limiter = AdaptiveRateLimiter(now: { time.now })
        XCTAssertFalse(limiter.isEnabled)
        // 20 requests/s of successes for 5 seconds: no pacing yet.
        for _ in 0..<100 { time.advance(0.05); limiter.record(throttled: false) }
        XCTAssertFalse(limiter.isEnabled)
        XCTAssertGreaterThan(limiter.measuredRate, 15)
        // A throttle: the rate drops to β × measured.
        time.advance(0.05)
        limiter.record(throttled: true)
        XCTAssertTrue(limiter.isEnabled)
        let afterThrottle = limiter.currentRate
        XCTAssertLessThan(afterThrottle, limiter.measuredRate)
        XCTAssertEqual(afterThrottle, 0.7 * limiter.measuredRate, accuracy: 0.5)
        // Sends now wait for tokens.
        // The bucket may still hold a few tokens from before; 30 sends outrun them.
        for _ in 0..<30 { await limiter.acquire { s in time.record(sleep: s) } }
        XCTAssertGreaterThan(time.sleeps.reduce(0, +), 0)
        // Successes grow the rate back along the cubic curve.
        for _ in 0..<200 { time.advance(0.05); limiter.record(throttled: false) }
        XCTAssertGreaterThan(limiter.currentRate, afterThrottle)
    }
}
