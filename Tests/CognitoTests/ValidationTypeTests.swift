import AWSCore
import XCTest
@testable import Cognito

/// Required members, what each model type accepts, unknown names, UTF-8 and Lua-only types.
final class ValidationTypeTests: XCTestCase {
    let op = "AdminUpdateUserAttributes"

    func testValidInputBecomesTheJSONBody() {
        let body = accepted(op, updateParams(["ClientMetadata": .object(["reason": .s("migration")])]))
        XCTAssertEqual(body, .object([
            "UserPoolId": .string("us-east-1_Example1"),
            "Username": .string("alice"),
            "UserAttributes": .array([.object(["Name": .string("email"), "Value": .string("alice@example.com")])]),
            "ClientMetadata": .object(["reason": .string("migration")]),
        ]))
    }

    func testSnakeNameValidatesTheSameOperation() {
        XCTAssertNotNil(accepted("admin_update_user_attributes", updateParams()))
    }

    func testMissingRequiredMember() {
        assertRejected(op, updateParams(["Username": nil]), field: "Username", "is required; expected a string")
    }

    func testJSONNullForRequiredMemberCountsAsMissing() {
        assertRejected(op, updateParams(["UserPoolId": .null]), field: "UserPoolId", "is required")
    }

    func testJSONNullForOptionalMemberIsLeftOut() {
        let body = accepted(op, updateParams(["ClientMetadata": .null]))
        XCTAssertNil(body?["ClientMetadata"])
    }

    func testRequiredMemberOfNestedStructure() {
        assertRejected(op, updateParams(["UserAttributes": .list([.object(["Value": .s("x")])])]),
                       field: "UserAttributes[1].Name", "is required")
    }

    func testStringRejectsNumberAndBoolean() {
        assertRejected(op, updateParams(["Username": .int(42)]), field: "Username", "expected a string, got integer")
        assertRejected(op, updateParams(["Username": .bool(true)]), field: "Username", "expected a string, got boolean")
        assertRejected(op, updateParams(["Username": .double(1.5)]), field: "Username", "expected a string, got float")
    }

    func testListFormValuesMustBeStrings() {
        assertRejected(op, updateParams(["UserAttributes": .list([.object(["Name": .s("email_verified"), "Value": .bool(true)])])]),
                       field: "UserAttributes[1].Value", "expected a string, got boolean")
    }

    func testIntegerAcceptsIntegralFloatsOnly() {
        let base: KeyValuePairs<String, ParamValue> = ["UserPoolId": .s("us-east-1_Example1"), "Limit": .double(10.0)]
        XCTAssertEqual(accepted("ListUsers", .object(base))?["Limit"], .int(10))
        assertRejected("ListUsers", .object(["UserPoolId": .s("us-east-1_Example1"), "Limit": .double(2.5)]),
                       field: "Limit", "expected an integer, got the float 2.5")
        assertRejected("ListUsers", .object(["UserPoolId": .s("us-east-1_Example1"), "Limit": .s("10")]),
                       field: "Limit", "expected an integer, got string")
    }

    func testBooleanAcceptsOnlyBooleans() {
        let params: (ParamValue) -> ParamValue = {
            .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"), "ForceAliasCreation": $0])
        }
        XCTAssertEqual(accepted("AdminCreateUser", params(.bool(false)))?["ForceAliasCreation"], .bool(false))
        assertRejected("AdminCreateUser", params(.s("true")), field: "ForceAliasCreation", "expected a boolean, got string")
        assertRejected("AdminCreateUser", params(.int(1)), field: "ForceAliasCreation", "expected a boolean, got integer")
    }

    func testBlobIsSentBase64() {
        let params = ParamValue.object(["UserPoolId": .s("us-east-1_Example1"), "ImageFile": .string([0, 1, 2, 0xFF])])
        XCTAssertEqual(accepted("SetUICustomization", params)?["ImageFile"], .string("AAEC/w=="))
        assertRejected("SetUICustomization", .object(["UserPoolId": .s("us-east-1_Example1"), "ImageFile": .int(3)]),
                       field: "ImageFile", "expected a string (bytes), got integer")
    }

    func testBase64Padding() {
        XCTAssertEqual(Base64.encode([]), "")
        XCTAssertEqual(Base64.encode(Array("f".utf8)), "Zg==")
        XCTAssertEqual(Base64.encode(Array("fo".utf8)), "Zm8=")
        XCTAssertEqual(Base64.encode(Array("foobar".utf8)), "Zm9vYmFy")
    }

    func testListRejectsScalarAndStrayKeys() {
        assertRejected(op, updateParams(["UserAttributes": .s("email")]), field: "UserAttributes",
                       "expected a list (a table with items at 1..n), got string")
        let mixed = ParamValue.table(ParamTable(sequence: [.s("SMS")], fields: [(.string("extra"), .s("x"))]))
        assertRejected("AdminCreateUser", .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"),
                                                   "DesiredDeliveryMediums": mixed]),
                       field: "DesiredDeliveryMediums", "a list takes items at 1..n only, but has the key \"extra\"")
    }

    func testEmptyTableIsAnEmptyListMapOrStructure() {
        let empty = ParamValue.table(ParamTable(sequence: [], fields: []))
        let body = accepted("AdminCreateUser", .object(["UserPoolId": .s("us-east-1_Example1"), "Username": .s("bob"),
                                                        "DesiredDeliveryMediums": empty, "ClientMetadata": empty]))
        XCTAssertEqual(body?["DesiredDeliveryMediums"], .array([]))
        XCTAssertEqual(body?["ClientMetadata"], .object([:]))
        XCTAssertEqual(accepted("GetUserPoolMfaConfig", .object(["UserPoolId": .s("us-east-1_Example1")])), .object(["UserPoolId": .string("us-east-1_Example1")]))
    }

    func testStructureRejectsPositionalValues() {
        let params = ParamValue.table(ParamTable(sequence: [.s("us-east-1_Example1")], fields: []))
        assertRejected(op, params, field: "[1]", "positional value in a table of named fields")
        assertRejected(op, updateParams(["UserAttributes": .list([.list([.s("email"), .s("a@x")])])]),
                       field: "UserAttributes[1][1]", "positional value")
    }

    func testMapRejectsSequenceAndNonStringKeys() {
        assertRejected(op, updateParams(["ClientMetadata": .list([.s("a")])]), field: "ClientMetadata[1]", "a map takes string keys")
        let intKey = ParamValue.table(ParamTable(sequence: [], fields: [(.int(5), .s("x"))]))
        assertRejected(op, updateParams(["ClientMetadata": intKey]), field: "ClientMetadata[5]", "map keys must be strings")
        assertRejected(op, updateParams(["ClientMetadata": .object(["k": .int(1)])]), field: "ClientMetadata[\"k\"]", "expected a string, got integer")
    }

    func testUnknownParameterSuggestsTheNearName() {
        assertRejected(op, updateParams(["Usrname": .s("bob")]), field: "Usrname",
                       "unknown parameter for AdminUpdateUserAttributes — did you mean Username?")
        assertRejected(op, updateParams(["userpoolid": .s("x")]), field: "userpoolid", "did you mean UserPoolId?")
    }

    func testUnknownParameterWithoutNearNameListsTheChoices() {
        assertRejected(op, updateParams(["Colour": .s("red")]), field: "Colour",
                       "expected one of UserPoolId, Username, UserAttributes, ClientMetadata")
    }

    func testUnknownNestedFieldNamesItsShape() {
        assertRejected(op, updateParams(["UserAttributes": .list([.object(["Name": .s("email"), "Valeu": .s("x")])])]),
                       field: "UserAttributes[1].Valeu", "unknown field of AttributeType — did you mean Value?")
    }

    func testInvalidUTF8IsReportedWithItsPathAndByte() {
        assertRejected(op, updateParams(["Username": .string([0x61, 0x62, 0xC3, 0x28])]), field: "Username",
                       "invalid UTF-8 at byte 3")
        assertRejected(op, updateParams(["ClientMetadata": .object(["k": .string([0xFF])])]),
                       field: "ClientMetadata[\"k\"]", "invalid UTF-8 at byte 1")
    }

    func testLuaOnlyTypesAreRejected() {
        assertRejected(op, updateParams(["Username": .unsupported("function")]), field: "Username",
                       "a Lua function cannot be sent; expected a string")
        assertRejected(op, updateParams(["ClientMetadata": .object(["k": .unsupported("userdata")])]),
                       field: "ClientMetadata[\"k\"]", "a Lua userdata cannot be sent")
    }

    func testTopLevelMustBeATable() {
        assertRejected(op, .s("alice"), field: "", "expected a table of named fields, got string")
    }

    func testUnknownOperationFailsValidationWithSuggestion() {
        guard let e = validationError("AdminUpdateUserAttribute", updateParams()) else { return }
        XCTAssertEqual(e.message, "unknown Cognito operation AdminUpdateUserAttribute — did you mean AdminUpdateUserAttributes?")
        XCTAssertEqual(e.field, "")
    }

    func testDocumentMemberTakesAnyJSON() {
        let settings = ParamValue.object(["colors": .list([.s("red"), .int(2)]), "dark": .bool(true)])
        let body = accepted("CreateManagedLoginBranding", .object(["UserPoolId": .s("us-east-1_Example1"),
                                                                   "ClientId": .s("abc"), "Settings": settings]))
        XCTAssertEqual(body?["Settings"], .object(["colors": .array([.string("red"), .int(2)]), "dark": .bool(true)]))
    }
}
