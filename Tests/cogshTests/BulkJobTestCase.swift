import Foundation
import TestSupport
import XCTest

/// What the bulk-job tests share: the pool they name, a run of cogsh against a stand-in,
/// a stand-in and temporary paths that last as long as the test.
class BulkJobTestCase: XCTestCase {
    let pool = "us-east-1_Example1"

    func run(_ standIn: StandInServer, _ source: String, _ extra: [String] = [], limit: TimeInterval = 120,
             file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let result = try cogsh(["--endpoint-url", standIn.endpoint] + extra + ["-e", "local pool = '\(pool)'\n" + source],
                               environment: TestSecrets.environment(), limit: limit, file: file, line: line)
        XCTAssertFalse(result.killed, "the run hung past \(limit) s", file: file, line: line)
        return result
    }

    /// A stand-in for this test, stopped when the test ends.
    func startStandIn(latency: Double, users: Int = 1000, categories: [StandInServer.Category] = StandInServer.publishedQuotas) throws -> StandInServer {
        let standIn = try StandInServer(latency: latency, users: users, categories: categories)
        addTeardownBlock { standIn.stop() }
        return standIn
    }

    /// A fresh path in the temporary directory ending in `name`; whatever the test
    /// leaves there is removed after it.
    func temporaryPath(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "cogsh-\(UUID().uuidString)-" + name
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
