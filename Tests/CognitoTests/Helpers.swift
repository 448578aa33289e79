import AWSCore
import XCTest
@testable import Cognito

/// Shorthands that keep the validation tests to one line of input each.
extension ParamValue {
    static func s(_ text: String) -> ParamValue { .text(text) }
}

/// A valid AdminUpdateUserAttributes input with `changes` applied (nil removes a key).
func updateParams(_ changes: [String: ParamValue?] = [:]) -> ParamValue {
    var fields: [String: ParamValue] = [
        "UserPoolId": .s("us-east-1_Example1"),
        "Username": .s("alice"),
        "UserAttributes": .list([.object(["Name": .s("email"), "Value": .s("alice@example.com")])]),
    ]
    for (k, v) in changes { fields[k] = v }
    return .table(ParamTable(sequence: [], fields: fields.sorted { $0.key < $1.key }.map { (ParamKey.string($0.key), $0.value) }))
}

func validationError(_ op: String, _ params: ParamValue,
                     file: StaticString = #filePath, line: UInt = #line) -> CognitoValidationError? {
    do {
        let body = try CognitoService.validate(op, params: params)
        XCTFail("expected a validation error, got \(body)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Asserts the failure names `field` and that its message contains `fragment`.
func assertRejected(_ op: String, _ params: ParamValue, field: String, _ fragment: String,
                    file: StaticString = #filePath, line: UInt = #line) {
    guard let e = validationError(op, params, file: file, line: line) else { return }
    XCTAssertEqual(e.field, field, e.message, file: file, line: line)
    XCTAssertTrue(e.message.contains(fragment), "message \(e.message) lacks \(fragment)", file: file, line: line)
    XCTAssertEqual(e.operation, op == "admin_update_user_attributes" ? "AdminUpdateUserAttributes" : op, file: file, line: line)
    if !field.isEmpty {
        XCTAssertTrue(e.message.hasPrefix(field + ": "), "message should start with the field: \(e.message)", file: file, line: line)
    }
}

func accepted(_ op: String, _ params: ParamValue, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
    do {
        return try CognitoService.validate(op, params: params)
    } catch {
        XCTFail("unexpected validation error: \(error.message)", file: file, line: line)
        return nil
    }
}
