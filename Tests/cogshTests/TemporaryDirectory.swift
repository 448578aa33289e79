import Foundation
import XCTest

extension XCTestCase {
    /// A fresh directory for the running test, removed when the test ends.
    func makeTemporaryDirectory(_ prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}

extension XCTestCase {
    /// Long end-to-end runs whose worth is what the service counted and what the files
    /// hold, not memory safety: the sanitizer pass of scripts/test (COGSH_SANITIZER_PASS)
    /// runs their smaller siblings instead, to keep CI inside its time.
    func skipInTheSanitizerPass() throws {
        guard ProcessInfo.processInfo.environment["COGSH_SANITIZER_PASS"] != nil else { return }
        let reason = "\(name): covered by the debug pass; the sanitizer pass runs its smaller siblings"
        print("SKIP: \(reason)")
        throw XCTSkip(reason)
    }
}
