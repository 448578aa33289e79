import Foundation
import TestSupport
import XCTest

/// scripts/check-secrets greps the test logs for every "cogshTest…" constant of
/// TestSecrets.swift, and the runners check every output for `TestSecrets.secrets`: the
/// two must name the same strings.
final class TestSecretsTests: XCTestCase {
    func testEverySecretConstantIsInTheCheckedList() throws {
        let text = try String(contentsOfFile: RepoPaths.root + "/Tests/TestSupport/TestSecrets.swift", encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"static let [A-Za-z]+ = "(cogshTest[^"]+)""#)
        let found = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
        XCTAssertGreaterThanOrEqual(found.count, 9)
        XCTAssertEqual(Set(found), Set(TestSecrets.secrets))
    }
}
