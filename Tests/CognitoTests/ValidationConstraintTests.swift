import AWSCore
import XCTest
@testable import Cognito

/// Lengths (in UTF-16 code units, as the Java service counts), patterns, enums, numeric ranges.
final class ValidationConstraintTests: XCTestCase {
    let op = "AdminUpdateUserAttributes"

    func attributeName(_ name: String) -> ParamValue {
        updateParams(["UserAttributes": .list([.object(["Name": .s(name), "Value": .s("v")])])])
    }

    func testStringTooLongNamesTheFieldAndTheMaximum() {
        assertRejected(op, attributeName("custom:" + String(repeating: "x", count: 33)),
                       field: "UserAttributes[1].Name", "length 40 exceeds the maximum 32")
    }

    func testStringTooShort() {
        assertRejected(op, updateParams(["Username": .s("")]), field: "Username", "length 0 is below the minimum 1")
    }

    func testLengthAtTheLimitsIsAccepted() {
        XCTAssertNotNil(accepted(op, attributeName("custom:" + String(repeating: "x", count: 25))))
        XCTAssertNotNil(accepted(op, updateParams(["Username": .s(String(repeating: "u", count: 128))])))
    }

    func testNonBMPCharactersCountTwoUTF16Units() {
        // 64 emoji = 128 UTF-16 units: the maximum. One more ASCII character is over.
        let emoji = String(repeating: "😀", count: 64)
        XCTAssertNotNil(accepted(op, updateParams(["Username": .s(emoji)])))
        assertRejected(op, updateParams(["Username": .s(emoji + "a")]), field: "Username", "length 129 exceeds the maximum 128")
    }

    func testCombiningMarksCountSeparately() {
        // "é" as e + U+0301 is one Character but two code units.
        let decomposed = String(repeating: "e\u{301}", count: 64)
        XCTAssertEqual(decomposed.count, 64)
        XCTAssertNotNil(accepted(op, updateParams(["Username": .s(decomposed)])))
        assertRejected(op, updateParams(["Username": .s(decomposed + "e\u{301}")]), field: "Username", "length 130 exceeds")
    }

    func testUsernamePatternRejectsSpaceAcceptsUnicodeLetters() {
        assertRejected(op, updateParams(["Username": .s("a b")]), field: "Username",
                       #"does not match the pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+"#)
        for ok in ["émile", "e\u{301}mile", "用户", "josé.garcía@example.com", "😀", "a+b_c-d"] {
            XCTAssertNotNil(accepted(op, updateParams(["Username": .s(ok)])), ok)
        }
        assertRejected(op, updateParams(["Username": .s("tab\there")]), field: "Username", "does not match")
        assertRejected(op, updateParams(["Username": .s("nbsp\u{00A0}")]), field: "Username", "does not match")
    }

    func testSensitiveValuesAreNotEchoed() {
        guard let e = validationError(op, updateParams(["Username": .s("secret name")])) else { return }
        XCTAssertFalse(e.message.contains("secret"), e.message)
    }

    func testAttributeNamePatternAllowsSpaceButNotOtherControls() {
        XCTAssertNotNil(accepted(op, attributeName("custom:a b")))
        assertRejected(op, attributeName("custom:a\u{7}b"), field: "UserAttributes[1].Name", "does not match the pattern")
    }

    func testASCIIWordClassesAsJava() {
        // UserPoolId is [\w-]+_[0-9a-zA-Z]+ with Java's ASCII \w.
        XCTAssertNotNil(accepted(op, updateParams(["UserPoolId": .s("eu-west-1_AbC123")])))
        assertRejected(op, updateParams(["UserPoolId": .s("us-east-1")]), field: "UserPoolId",
                       #""us-east-1" does not match the pattern [\w-]+_[0-9a-zA-Z]+"#)
        assertRejected(op, updateParams(["UserPoolId": .s("ü-east-1_Abc")]), field: "UserPoolId", "does not match")
    }

    func testPatternMatchesTheWholeString() {
        assertRejected(op, updateParams(["UserPoolId": .s("us-east-1_Abc!")]), field: "UserPoolId", "does not match")
        assertRejected(op, updateParams(["UserPoolId": .s("us-east-1_Abc\n")]), field: "UserPoolId", "does not match")
    }

    func testPatternWithLookbehindUsesItsEquivalent() {
        let id = (0..<GeneratedPatterns.count).first { GeneratedPatterns.source($0).contains("(?<!") }!
        XCTAssertTrue(PatternCompiler.matches("my.domain-1", pattern: id))
        XCTAssertTrue(PatternCompiler.matches("", pattern: id))
        XCTAssertFalse(PatternCompiler.matches("my.domain.", pattern: id))
        XCTAssertFalse(PatternCompiler.matches("a b", pattern: id))
    }

    func testEnumRejectsOthersWithSuggestion() {
        let params: (String) -> ParamValue = {
            .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"), "MessageAction": .s($0)])
        }
        XCTAssertNotNil(accepted("AdminCreateUser", params("SUPPRESS")))
        assertRejected("AdminCreateUser", params("RESND"), field: "MessageAction",
                       #""RESND" is not one of RESEND, SUPPRESS — did you mean RESEND?"#)
        assertRejected("AdminCreateUser", params("suppress"), field: "MessageAction", "did you mean SUPPRESS?")
    }

    func testEnumInsideAList() {
        let params = ParamValue.object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"),
                                        "DesiredDeliveryMediums": .list([.s("EMAIL"), .s("PIGEON")])])
        assertRejected("AdminCreateUser", params, field: "DesiredDeliveryMediums[2]", "is not one of SMS, EMAIL")
    }

    func testNumericRange() {
        let params: (ParamValue) -> ParamValue = { .object(["UserPoolId": .s("us-east-1_Example1"), "Limit": $0]) }
        XCTAssertEqual(accepted("ListUsers", params(.int(60)))?["Limit"], .int(60))
        XCTAssertNotNil(accepted("ListUsers", params(.int(0))))
        assertRejected("ListUsers", params(.int(61)), field: "Limit", "61 exceeds the maximum 60")
        assertRejected("ListUsers", params(.int(-1)), field: "Limit", "-1 is below the minimum 0")
        assertRejected("ListUsers", params(.int(1 << 40)), field: "Limit", "does not fit a 32-bit integer")
    }

    func testListItemCount() {
        let tooMany = ParamValue.list((1...26).map { _ in .object(["Name": .s("x")]) })
        assertRejected("AddCustomAttributes", .object(["UserPoolId": .s("us-east-1_Example1"), "CustomAttributes": tooMany]),
                       field: "CustomAttributes", "item count 26 exceeds the maximum 25")
        assertRejected("AddCustomAttributes", .object(["UserPoolId": .s("us-east-1_Example1"), "CustomAttributes": .list([])]),
                       field: "CustomAttributes", "item count 0 is below the minimum 1")
    }
}
