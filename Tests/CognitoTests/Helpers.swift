import AWSCore
import Foundation
import LuaHost
import XCTest
@testable import Cognito

/// Validation as the Lua layer asks for it: messages in Lua's words, floats as Lua prints them.
let luaNotation = ValueNotation(language: "Lua", null: "json.null", float: { LuaNumberFormat.float($0) })

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
        let body = try CognitoService.validate(op, params: params, notation: luaNotation)
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
        return try CognitoService.validate(op, params: params, notation: luaNotation)
    } catch {
        XCTFail("unexpected validation error: \(error.message)", file: file, line: line)
        return nil
    }
}

/// An invoker as the Lua layer makes one, aimed at a loopback peer with fixed keys.
func testInvoker(endpoint: String, region: String = "eu-west-1", maxAttempts: Int = 1,
                 accessKeyId: String = "AKIDEXAMPLE", secret: String = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY") -> CognitoInvoker {
    let overrides = AWSConfigOverrides(region: region, endpointURL: endpoint, maxAttempts: maxAttempts, retryMode: .standard,
                                       connectTimeout: 5, readTimeout: 10,
                                       credentials: AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret))
    let home = NSTemporaryDirectory() + "cogsh-invoker-\(UUID().uuidString)"
    return CognitoInvoker(settings: .init(overrides: overrides, environment: ["AWS_EC2_METADATA_DISABLED": "true"],
                                          homeDirectory: home, notation: luaNotation))
}

enum InvokeFailure: Error {
    case invalid(CognitoValidationError)
    case failed(AWSError)
}

/// prepare then send, as one call from Lua does.
func invoke(_ invoker: CognitoInvoker, _ name: String, _ params: ParamValue) async -> Result<AWSResponse, InvokeFailure> {
    let call: PreparedCall
    do { call = try invoker.prepare(name, params: params) } catch { return .failure(.invalid(error)) }
    return await invoker.send(call).mapError { .failed($0) }
}
