import XCTest
@testable import Cognito

/// Model patterns match as Java's String.matches would: whole string, code points,
/// ASCII-only \w \s \d, Unicode-wide \p{..} classes.
final class PatternTests: XCTestCase {
    func matches(_ text: String, _ source: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let id = (0..<GeneratedPatterns.count).first(where: { GeneratedPatterns.source($0) == source }) else {
            XCTFail("the model has no pattern \(source)", file: file, line: line)
            return false
        }
        return PatternCompiler.matches(text, pattern: id)
    }

    func testUnicodeClassesMatchLettersMarksSymbolsNumbersPunctuation() {
        let p = #"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"#
        XCTAssertTrue(matches("émile", p))
        XCTAssertTrue(matches("e\u{301}", p), "a combining mark is \\p{M}")
        XCTAssertTrue(matches("Ωμέγα٣€", p))
        XCTAssertTrue(matches("👍🏽", p), "emoji and skin-tone modifier are symbols")
        XCTAssertFalse(matches("a b", p))
        XCTAssertFalse(matches("a\u{2003}b", p), "an em space is \\p{Z}")
        XCTAssertFalse(matches("", p))
    }

    /// The last match of each pattern is remembered; a string that is only canonically
    /// equal to it (a precomposed é for e + combining acute) is still matched afresh.
    func testARememberedMatchIsReusedOnlyForTheSameScalars() {
        let p = #"[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+"#
        XCTAssertTrue(matches("ae\u{301}", p), "three scalars")
        XCTAssertTrue(matches("ae\u{301}", p), "again, remembered")
        XCTAssertEqual("a\u{e9}", "ae\u{301}", "Swift's == calls them equal")
        XCTAssertFalse(matches("a\u{e9}", p), "two scalars: too short, whatever was remembered")
        XCTAssertFalse(matches("a b", p))
        XCTAssertTrue(matches("ae\u{301}", p))
    }

    func testASCIIWhitespaceAsJava() {
        let withSpace = #"[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+"#
        XCTAssertTrue(matches("hello world\t!", withSpace))
        XCTAssertFalse(matches("a\u{2003}b", withSpace), "Java's \\s is ASCII-only")
        let nonSpace = #"[\S]+"#
        XCTAssertTrue(matches("pässwörd", nonSpace))
        XCTAssertTrue(matches("a\u{00A0}b", nonSpace), "NBSP is not ASCII whitespace, so \\S")
        XCTAssertFalse(matches("pass word", nonSpace))
    }

    func testASCIIWordCharactersAsJava() {
        XCTAssertTrue(matches("abc+123", #"[\w+]+"#))
        XCTAssertFalse(matches("ábc", #"[\w+]+"#))
    }

    func testHexRangesAndDashAfterRange() {
        let p = #"[\x21\x23-\x5B\x5D-\x7E]+"#
        XCTAssertTrue(matches("abc!#[]~", p))
        XCTAssertFalse(matches("a\"b", p))
        XCTAssertFalse(matches("a\\b", p))
        XCTAssertTrue(matches("a-b_c=.", #"[A-Za-z0-9-_=.]+"#))
        XCTAssertFalse(matches("a b", #"[A-Za-z0-9-_=.]+"#))
    }

    func testDotAllAndAnchoredPatterns() {
        XCTAssertTrue(matches("line1\nline2", #"(?s).*"#))
        XCTAssertTrue(matches("my-domain", #"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$"#))
        XCTAssertFalse(matches("-domain", #"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$"#))
        XCTAssertFalse(matches("domain\n", #"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$"#), "$ must not pass a trailing newline")
    }

    func testPlaceholderPatterns() {
        XCTAssertTrue(matches("Your code is {####}", #".*\{####\}.*"#))
        XCTAssertFalse(matches("Your code is {###}", #".*\{####\}.*"#))
    }
}
