import AWSCore
import XCTest
@testable import Cognito

/// The map shorthand for attribute lists, the empty-list check and the custom: prefix rule.
final class UserAttributesTests: XCTestCase {
    let op = "AdminUpdateUserAttributes"

    func attrs(_ v: ParamValue) -> ParamValue { updateParams(["UserAttributes": v]) }

    func pairs(_ body: JSONValue?) -> [[String]] {
        guard case .array(let items)? = body?["UserAttributes"] else { return [] }
        return items.map { [$0["Name"]?.stringValue ?? "?", $0["Value"]?.stringValue ?? "<none>"] }
    }

    func testMapShorthandBecomesSortedList() {
        let body = accepted(op, attrs(.object(["email_verified": .bool(true), "email": .s("a@x"), "custom:tier": .s("gold")])))
        XCTAssertEqual(pairs(body), [["custom:tier", "gold"], ["email", "a@x"], ["email_verified", "true"]])
    }

    func testMapShorthandConvertsNumbersAndBooleansAsLuaPrintsThem() {
        let body = accepted(op, attrs(.object([
            "custom:a": .int(3), "custom:b": .double(2.5), "custom:c": .double(3.0),
            "custom:d": .bool(false), "custom:e": .double(1e100), "custom:f": .double(0.1), "custom:g": .int(-7),
        ])))
        XCTAssertEqual(pairs(body), [["custom:a", "3"], ["custom:b", "2.5"], ["custom:c", "3.0"], ["custom:d", "false"],
                                     ["custom:e", "1e+100"], ["custom:f", "0.1"], ["custom:g", "-7"]])
    }

    func testMapShorthandRejectsOtherValueTypes() {
        assertRejected(op, attrs(.object(["email": .list([])])), field: #"UserAttributes["email"]"#,
                       "an attribute value must be a string, number or boolean, got table")
        assertRejected(op, attrs(.object(["email": .double(.nan)])), field: #"UserAttributes["email"]"#, "finite number")
    }

    func testMapShorthandErrorsNameTheKey() {
        let long = String(repeating: "v", count: 2049)
        assertRejected(op, attrs(.object(["email": .s(long)])), field: #"UserAttributes["email"].Value"#,
                       "length 2049 exceeds the maximum 2048")
    }

    func testMixedListAndMapFormsAreRejected() {
        let mixed = ParamValue.table(ParamTable(sequence: [.object(["Name": .s("email"), "Value": .s("a@x")])],
                                                fields: [(.string("email_verified"), .bool(true))]))
        assertRejected(op, attrs(mixed), field: "UserAttributes", "mixes the list form")
    }

    func testEmptyAttributeListIsRejected() {
        assertRejected(op, attrs(.list([])), field: "UserAttributes", "the attribute list is empty")
    }

    func testEmptyValidationDataIsFine() {
        let body = accepted("AdminCreateUser", .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"),
                                                        "ValidationData": .list([])]))
        XCTAssertEqual(body?["ValidationData"], .array([]))
    }

    func testCustomPrefixRuleExactMessageInMapForm() {
        guard let e = validationError(op, attrs(.object(["tier": .s("gold")]))) else { return }
        XCTAssertEqual(e.field, #"UserAttributes["tier"]"#)
        XCTAssertEqual(e.message, #"UserAttributes["tier"]: custom attributes need the custom: prefix — did you mean custom:tier?"#)
    }

    func testCustomPrefixRuleInListForm() {
        let list = ParamValue.list([.object(["Name": .s("email"), "Value": .s("a@x")]),
                                    .object(["Name": .s("department"), "Value": .s("x")])])
        guard let e = validationError(op, attrs(list)) else { return }
        XCTAssertEqual(e.field, "UserAttributes[2].Name")
        XCTAssertEqual(e.message, "UserAttributes[2].Name: custom attributes need the custom: prefix — did you mean custom:department?")
    }

    func testCustomPrefixRuleHintsAtANearStandardAttribute() {
        assertRejected(op, attrs(.object(["emial": .s("a@x")])), field: #"UserAttributes["emial"]"#,
                       "did you mean custom:emial? (or the standard attribute email?)")
    }

    func testStandardCustomAndDeveloperNamesPass() {
        let body = accepted(op, attrs(.object(["phone_number_verified": .bool(false), "dev:custom:x": .s("1"),
                                               "custom:y": .s("2"), "zoneinfo": .s("Europe/Paris")])))
        XCTAssertEqual(pairs(body).map { $0[0] }, ["custom:y", "dev:custom:x", "phone_number_verified", "zoneinfo"])
    }

    func testPrefixRuleAppliesToOtherUserAttributeOperations() {
        assertRejected("SignUp", .object(["ClientId": .s("abc"), "Username": .s("bob"),
                                          "UserAttributes": .object(["tier": .s("x")])]),
                       field: #"UserAttributes["tier"]"#, "custom attributes need the custom: prefix")
        assertRejected("AdminCreateUser", .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"),
                                                   "UserAttributes": .object(["tier": .s("x")])]),
                       field: #"UserAttributes["tier"]"#, "did you mean custom:tier?")
    }

    func testValidationDataKeepsFreeFormNames() {
        let body = accepted("AdminCreateUser", .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"),
                                                        "ValidationData": .object(["captcha": .s("ok")])]))
        XCTAssertEqual(body?["ValidationData"], .array([.object(["Name": .string("captcha"), "Value": .string("ok")])]))
    }
}
