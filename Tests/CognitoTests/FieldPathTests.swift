import AWSCore
import XCTest
@testable import Cognito

/// Field paths: members with dots, list indexes 1-based, map keys quoted in brackets.
final class FieldPathTests: XCTestCase {
    func testNestedStructureInsideAList() {
        let attr = ParamValue.object(["Name": .s("tier"), "NumberAttributeConstraints": .object(["MinValue": .int(1)])])
        assertRejected("AddCustomAttributes", .object(["UserPoolId": .s("us-east-1_Example1"),
                                                       "CustomAttributes": .list([.object(["Name": .s("ok")]), attr])]),
                       field: "CustomAttributes[2].NumberAttributeConstraints.MinValue", "expected a string, got integer")
    }

    func testNestedListIndex() {
        let asset = ParamValue.object(["Category": .s("FAVICON_ICO"), "ColorMode": .s("LIGHT"), "Extension": .s("GIF")])
        assertRejected("CreateManagedLoginBranding", .object(["UserPoolId": .s("us-east-1_Example1"), "ClientId": .s("abc"),
                                                              "Assets": .list([asset])]),
                       field: "Assets[1].Extension", "is not one of ICO, JPEG, PNG, SVG, WEBP")
    }

    func testMapKeyPathIsQuotedAndEscaped() {
        XCTAssertEqual(FieldPath.key("ClientMetadata", "a.b"), #"ClientMetadata["a.b"]"#)
        XCTAssertEqual(FieldPath.key("M", "say \"hi\"\n"), #"M["say \"hi\"\n"]"#)
        XCTAssertEqual(FieldPath.index("UserAttributes", 0), "UserAttributes[1]")
        XCTAssertEqual(FieldPath.member("", "Username"), "Username")
        XCTAssertEqual(FieldPath.member("A[1]", "B"), "A[1].B")
        // An unknown parameter need not be an identifier; the path still shows it.
        XCTAssertEqual(FieldPath.member("", ""), #"[""]"#)
        XCTAssertEqual(FieldPath.member("", "user name"), #"["user name"]"#)
        XCTAssertEqual(FieldPath.member("A", "9lives"), #"A["9lives"]"#)
    }

    func testMapKeyConstraintIsCheckedAtTheKey() {
        let links = ParamValue.object(["klingon": .s("https://example.com")])
        guard let e = validationError("CreateTerms", .object([
            "UserPoolId": .s("us-east-1_Example1"), "ClientId": .s("abc"), "TermsName": .s("terms-of-use"),
            "TermsSource": .s("LINK"), "Enforcement": .s("NONE"), "Links": links,
        ])) else { return }
        XCTAssertEqual(e.field, #"Links["klingon"] (key)"#)
        XCTAssertTrue(e.message.contains("does not match the pattern ^cognito:"), e.message)
    }
}
