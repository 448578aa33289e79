import AWSCore
import Foundation
import TestSupport
import XCTest

/// The Lua side calls from a plain thread and blocks; this test does it from the main
/// thread (XCTest runs synchronous tests there), which must not deadlock.
final class BlockingBridgeTests: XCTestCase {
    func testBlockingCallFromTheMainThread() throws {
        XCTAssertTrue(Thread.isMainThread)
        let server = try BlockingBridge.run { () -> Result<ScriptedHTTPServer, Error> in
            do { return .success(try await ScriptedHTTPServer(script: [.json(200, #"{"ok":true}"#)])) } catch { return .failure(error) }
        }.get()
        defer { BlockingBridge.run { await server.shutdown() } }
        let result = BlockingBridge.run { () -> Result<AWSResponse, AWSError> in
            do {
                let client = try await makeClient(server, time: VirtualTime())
                return await client.send(operation: "ListUserPools", body: Array("{}".utf8))
            } catch {
                return .failure(AWSError.config("\(error)"))
            }
        }
        XCTAssertEqual(try result.get().json["ok"], .bool(true))
    }
}
