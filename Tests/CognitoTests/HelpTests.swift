import XCTest
@testable import Cognito

final class HelpTests: XCTestCase {
    func testHelpListsParametersConstraintsMarksAndErrors() {
        let text = CognitoService.help(for: "admin_update_user_attributes")
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "AdminUpdateUserAttributes (admin_update_user_attributes)")
        XCTAssertTrue(lines.contains(#"  UserPoolId*: string, length 1..55, pattern [\w-]+_[0-9a-zA-Z]+"#), text)
        XCTAssertTrue(lines.contains(#"  Username*: string, length 1..128, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+ [sensitive]"#), text)
        XCTAssertTrue(lines.contains("    Value: string, length ≤ 2048 [sensitive]"), "nested members are indented: \(text)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  ClientMetadata: map of string") }, text)
        XCTAssertTrue(text.contains("InvalidSmsRoleTrustRelationshipException"), text)
        XCTAssertFalse(text.contains("<p>"), "no documentation prose")
    }

    func testHelpShowsEnumsRangesAndPaging() {
        let text = CognitoService.help(for: "ListUsers")
        XCTAssertTrue(text.contains("  Limit: integer, range 0..60"), text)
        XCTAssertTrue(text.contains("read-only; paginated: Users items, token PaginationToken → PaginationToken, page size Limit"), text)
        XCTAssertTrue(CognitoService.help(for: "AdminCreateUser").contains("MessageAction: string, one of RESEND, SUPPRESS"))
    }

    func testHelpForEveryOperationRenders() {
        for op in CognitoService.operations {
            let text = CognitoService.help(for: op.name)
            XCTAssertTrue(text.hasPrefix(op.name), op.name)
            XCTAssertTrue(text.contains("Errors:"), op.name)
        }
    }

    func testHelpForUnknownNameSuggests() {
        XCTAssertEqual(CognitoService.help(for: "list_user"), "unknown Cognito operation list_user — did you mean list_users?")
    }
}
