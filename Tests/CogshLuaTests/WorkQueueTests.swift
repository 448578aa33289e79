import AWSCore
import CLuaShim
@testable import CogshLua
import Foundation
import LuaHost
import XCTest

/// The Lua thread's one wait for asynchronous work.
final class WorkQueueTests: XCTestCase {
    /// Lua runs on the main thread and blocks there; async work must still complete.
    func testBlockingFromTheMainThreadDoesNotDeadlock() {
        XCTAssertTrue(Thread.isMainThread)
        let value = WorkQueue().run({ () async -> Result<Int, AWSError> in
            try? await Task.sleep(nanoseconds: 20_000_000)
            return .success(await MainActorFree.answer())
        }, onTimeout: .timeout("timed out"))
        XCTAssertEqual(try value.get(), 42)
    }

    /// The whole-run --timeout ends the wait even when the work never finishes.
    func testTimeoutStopEndsTheWait() {
        cogsh_request_stop(Int32(COGSH_STOP_TIMEOUT))   // what SIGALRM does
        defer { LuaState.forgetStop() }
        let queue = WorkQueue()
        let value = queue.run({ () async -> Result<Int, AWSError> in
            try? await Task.sleep(nanoseconds: 60_000_000_000)
            return .success(1)
        }, onTimeout: .timeout("timed out"))
        XCTAssertEqual(value, .failure(.timeout("timed out")))
        XCTAssertEqual(queue.pending, 0, "the work was cancelled and forgotten")
    }

    /// A stop (what SIGINT, SIGTERM and --timeout record) signals the semaphore the Lua
    /// thread sleeps on, so a wait for answers sees it at once rather than at its next look.
    func testAStopWakesTheSleepingWait() {
        let semaphore = StopAwareSemaphore()
        defer { LuaState.forgetStop() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
            cogsh_request_stop(Int32(COGSH_STOP_TERMINATE))
        }
        XCTAssertTrue(semaphore.wait(seconds: 60), "woken by the stop, not by the time running out")
        XCTAssertEqual(LuaStopReason.current, .terminate)
        XCTAssertFalse(semaphore.wait(seconds: 0.01), "nothing else was signalled")
    }

    /// Outcomes are taken by id, whatever order the work finishes in.
    func testOutcomesArriveForTheirIds() {
        let queue = WorkQueue()
        let slow = queue.start { try? await Task.sleep(nanoseconds: 50_000_000); return .success("slow") }
        let fast = queue.start { .success("fast") }
        var got: [Int: String] = [:]
        while got.count < 2 {
            for (id, outcome) in queue.takeFinished(waiting: 1) { got[id] = (try? outcome.get()) as? String }
        }
        XCTAssertEqual(got, [slow: "slow", fast: "fast"])
        XCTAssertEqual(queue.pending, 0)
    }
}

enum MainActorFree {
    static func answer() async -> Int { 42 }
}
