import AWSCore
import Foundation
import TestSupport
import XCTest

/// The pacer in virtual time: turns spaced at the ceiling and sent by the tick, a throttle cuts the rate
/// and successes grow it back; a paced throttle is retried past the attempt limit.
final class QuotaPacerTests: XCTestCase {
    func pacer(_ time: VirtualTime) -> QuotaPacer {
        QuotaPacer(now: { time.now }, sleep: { time.record(sleep: $0) })
    }

    /// The most sends in any second [a, a + 1), for `a` every millisecond across the run.
    func busiestSecond(_ sent: [Double]) -> Int {
        guard let first = sent.first, let last = sent.last else { return 0 }
        return stride(from: first - 1, through: last, by: 0.001).map { a in
            sent.filter { $0 >= a - 1e-9 && $0 < a + 1 - 1e-9 }.count
        }.max() ?? 0
    }

    /// Turns are spaced at 1/ceiling and those within one tick (25 ms) leave together at
    /// its start: no second holds more than the ceiling, the first request goes at once,
    /// and at 116/s several leave at the same instant.
    func testTurnsWithinATickLeaveTogetherAndNoSecondHoldsMoreThanTheCeiling() async {
        for ceiling in [116.4, 24.25, 7.76] {
            let time = VirtualTime()
            let p = pacer(time)
            var sent: [Double] = []
            let n = Int(ceiling * 4)
            for _ in 0..<n {
                await p.acquire(ceiling: ceiling)
                sent.append(time.now)
            }
            XCTAssertEqual(sent.first, 1000, "the first request does not wait")
            XCTAssertLessThanOrEqual(busiestSecond(sent), Int(ceiling.rounded(.up)), "\(ceiling)/s")
            for t in sent {
                let ticks = (t - 1000) / 0.025
                XCTAssertEqual(ticks, ticks.rounded(), accuracy: 1e-6, "\(ceiling)/s: a send between ticks at \(t)")
            }
            // The schedule keeps the rate: the last turn is (n − 1)/ceiling in, and it left
            // at the start of its tick.
            let span = (sent.last ?? 0) - 1000
            XCTAssertLessThanOrEqual(span, Double(n - 1) / ceiling + 1e-9, "\(ceiling)/s")
            XCTAssertGreaterThan(span, Double(n - 1) / ceiling - 0.025, "\(ceiling)/s")
            let together = Dictionary(grouping: sent, by: { ($0 * 1000).rounded() }).values.map(\.count).max() ?? 0
            XCTAssertEqual(together, ceiling > 40 ? 3 : 1, "\(ceiling)/s: requests leaving at one instant")
        }
        // Time that passed without requests is not saved up for a burst.
        let time = VirtualTime()
        let p = pacer(time)
        await p.acquire(ceiling: 25)
        time.advance(10.013)
        await p.acquire(ceiling: 25)
        let after = time.now
        await p.acquire(ceiling: 25)
        XCTAssertGreaterThanOrEqual(time.now - after, 0.04 - 0.025 - 1e-9)
        XCTAssertLessThanOrEqual(time.now - after, 0.04 + 1e-9)
    }

    /// A wake-up that comes late does not let the requests behind it crowd in: the
    /// requests that leave are held to the rate, with one tick's tolerance.
    func testALateWakeUpDoesNotBunchTheRequestsBehindIt() async {
        let time = VirtualTime()
        let p = QuotaPacer(now: { time.now }, sleep: { s in
            time.record(sleep: time.sleeps.count % 7 == 6 ? s + 0.06 : s)   // every seventh wake-up 60 ms late
        })
        var sent: [Double] = []
        for _ in 0..<240 {
            await p.acquire(ceiling: 60)
            sent.append(time.now)
        }
        XCTAssertLessThanOrEqual(busiestSecond(sent), 60 + 2, "one tick's tolerance at most")
        for (a, b) in zip(sent, sent.dropFirst(3)) {
            XCTAssertGreaterThan(b - a, 0.025, "more than three requests within one tick")
        }
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
        XCTAssertEqual(time.now - t, 1 / (10 * 0.49), accuracy: 0.025, "the next turn, at the start of its tick")
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
