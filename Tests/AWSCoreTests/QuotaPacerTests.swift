import AWSCore
import Foundation
import TestSupport
import XCTest

/// The pacer in virtual time: strict spacing at the ceiling, a throttle cuts the rate
/// and successes grow it back; a paced throttle is retried past the attempt limit.
final class QuotaPacerTests: XCTestCase {
    func pacer(_ time: VirtualTime) -> QuotaPacer {
        QuotaPacer(now: { time.now }, sleep: { time.record(sleep: $0) })
    }

    /// Sends leave no closer than 1/ceiling, and the first goes at once.
    func testRequestsAreSpacedAtTheCeilingWithoutBursts() async {
        let time = VirtualTime()
        let p = pacer(time)
        var sent: [Double] = []
        for _ in 0..<50 {
            await p.acquire(ceiling: 25)
            sent.append(time.now)
        }
        let gaps = zip(sent, sent.dropFirst()).map { $1 - $0 }
        XCTAssertEqual(sent.first, 1000, "the first request does not wait")
        XCTAssertEqual(gaps.min() ?? 0, 0.04, accuracy: 1e-9)
        XCTAssertEqual(gaps.max() ?? 0, 0.04, accuracy: 1e-9)
        // Time that passed without requests is not saved up for a burst.
        time.advance(10)
        await p.acquire(ceiling: 25)
        let after = time.now
        await p.acquire(ceiling: 25)
        XCTAssertEqual(time.now - after, 0.04, accuracy: 1e-9)
    }

    func testAThrottleCutsTheRateAndSuccessesBringItBack() async {
        let time = VirtualTime()
        let p = pacer(time)
        p.record(throttled: true)
        XCTAssertEqual(p.currentShare, 0.7, accuracy: 1e-9)
        p.record(throttled: true)   // the same event: the requests in flight all come back throttled
        XCTAssertEqual(p.currentShare, 0.7, accuracy: 1e-9)
        time.advance(1)
        p.record(throttled: true)   // a second event
        XCTAssertEqual(p.currentShare, 0.49, accuracy: 1e-9)
        // Spacing follows the share.
        await p.acquire(ceiling: 10)
        let t = time.now
        await p.acquire(ceiling: 10)
        XCTAssertEqual(time.now - t, 1 / (10 * 0.49), accuracy: 1e-9)
        // Recovery: back to all of the ceiling after enough quiet successes, never past it.
        for _ in 0..<40 {
            time.advance(0.25)
            p.record(throttled: false)
        }
        XCTAssertEqual(p.currentShare, 1, accuracy: 1e-9)
    }

    func testAPacedThrottleIsRetriedPastTheAttemptLimit() async throws {
        let throttle = ScriptedResponse.awsError(400, "TooManyRequestsException", "Rate exceeded")
        let server = try await ScriptedHTTPServer(script: [throttle, throttle, throttle, throttle, .json(200, "{}")])
        defer { Task { await server.shutdown() } }
        let time = VirtualTime()
        let client = try await makeClient(server, time: time, maxAttempts: 2)
        let paced = Pacing(pacer: pacer(time), ceiling: 25)
        let response = try await client.send(operation: "AdminUpdateUserAttributes", body: Array("{}".utf8), pacing: paced).get()
        XCTAssertEqual(response.retryAttempts, 4)
        XCTAssertEqual(server.requestCount, 5)
        XCTAssertLessThan(paced.pacer.currentShare, 1, "the throttles lowered the rate")
        // Unpaced, the same answers run out of attempts.
        let unpaced = try await ScriptedHTTPServer(script: [throttle, throttle, throttle, throttle, .json(200, "{}")])
        defer { Task { await unpaced.shutdown() } }
        let plain = try await makeClient(unpaced, time: VirtualTime(), maxAttempts: 2)
        guard case .failure(let e) = await plain.send(operation: "AdminUpdateUserAttributes", body: Array("{}".utf8)) else {
            return XCTFail("expected the throttle to come back")
        }
        XCTAssertEqual(e.code, "TooManyRequestsException")
        XCTAssertEqual(e.attempts, 2)
    }
}
