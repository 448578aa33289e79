import AWSCore
import XCTest
@testable import Cognito

final class RedactionTests: XCTestCase {
    func testSensitiveRequestMembersAreMasked() throws {
        let shown = try testInvoker(endpoint: "http://127.0.0.1:9").prepare("AdminUpdateUserAttributes", params: updateParams()).shownInput
        XCTAssertEqual(shown["UserPoolId"], .string("us-east-1_Example1"))
        XCTAssertEqual(shown["Username"], SensitiveRedactor.mask)
        guard case .array(let attrs)? = shown["UserAttributes"] else { return XCTFail("no list") }
        XCTAssertEqual(attrs.first?["Name"], .string("email"))
        XCTAssertEqual(attrs.first?["Value"], SensitiveRedactor.mask)
    }

    func testSensitiveResponseMembersAreMasked() {
        let body = JSONValue.object(["AuthenticationResult": .object(["AccessToken": .string("eyJ..."), "ExpiresIn": .int(3600)])])
        let shown = CognitoService.redactedResponse("InitiateAuth", body: body)
        XCTAssertEqual(shown["AuthenticationResult"]?["AccessToken"], SensitiveRedactor.mask)
        XCTAssertEqual(shown["AuthenticationResult"]?["ExpiresIn"], .int(3600))
    }
}
