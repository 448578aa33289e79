import CLuaShim
@testable import CogshLua
import Foundation
import LuaHost
import XCTest

/// The one blocking wait at the Lua boundary.
final class BoundaryWaitTests: XCTestCase {
    /// Lua runs on the main thread and blocks there; async work must still complete.
    func testBlockingFromTheMainThreadDoesNotDeadlock() {
        XCTAssertTrue(Thread.isMainThread)
        let value = BoundaryWait.run({ () async -> Int in
            try? await Task.sleep(nanoseconds: 20_000_000)
            return await MainActorFree.answer()
        }, onTimeout: -1)
        XCTAssertEqual(value, 42)
    }

    /// The whole-run --timeout ends the wait even when the work never finishes.
    func testTimeoutStopEndsTheWait() {
        cogsh_request_stop(Int32(COGSH_STOP_TIMEOUT))   // what SIGALRM does
        defer { LuaState.forgetStop() }
        let value = BoundaryWait.run({ () async -> Int in
            try? await Task.sleep(nanoseconds: 60_000_000_000)
            return 1
        }, onTimeout: -1)
        XCTAssertEqual(value, -1)
    }
}

enum MainActorFree {
    static func answer() async -> Int { 42 }
}
