import AWSCore
import XCTest
@testable import Cognito

/// The quota table: every operation of the model counts against exactly one category.
final class QuotaCategoryTests: XCTestCase {
    func testEveryOperationHasOneCategory() {
        var seen: [String: String] = [:]
        for c in QuotaCategories.all {
            for op in c.operations {
                XCTAssertNil(seen[op], "\(op) is in \(seen[op] ?? "") and \(c.name)")
                seen[op] = c.name
            }
        }
        let missing = CognitoService.operations.map(\.name).filter { seen[$0] == nil }
        XCTAssertEqual(missing, [], "operations without a quota category")
        XCTAssertEqual(QuotaCategories.names.count, 18)
    }

    func testPublishedRatesOfTheCommonCategories() {
        XCTAssertEqual(QuotaCategories.category(of: "AdminUpdateUserAttributes", input: .object([:]))?.name, "UserUpdate")
        XCTAssertEqual(QuotaCategories.named("UserUpdate")?.rate, 25)
        XCTAssertEqual(QuotaCategories.named("UserRead")?.rate, 120)
        XCTAssertEqual(QuotaCategories.named("UserList")?.rate, 30)
        XCTAssertEqual(QuotaCategories.named("UserCreation")?.rate, 50)
        XCTAssertEqual(QuotaCategories.named("UserAuthentication")?.rate, 120)
    }

    func testANewPasswordChallengeCountsAsAccountRecovery() {
        let newPassword = JSONValue.object(["ChallengeName": .string("NEW_PASSWORD_REQUIRED")])
        XCTAssertEqual(QuotaCategories.category(of: "RespondToAuthChallenge", input: newPassword)?.name, "UserAccountRecovery")
        XCTAssertEqual(QuotaCategories.category(of: "AdminRespondToAuthChallenge", input: .object(["ChallengeName": .string("SMS_MFA")]))?.name,
                       "UserAuthentication")
    }

    func testRatesAreCheckedWithTheValidCategoriesNamed() {
        XCTAssertNil(QuotaRates.check(category: "UserUpdate", rate: 50))
        let unknown = QuotaRates.check(category: "UserUpdates", rate: 50) ?? ""
        XCTAssertTrue(unknown.contains("did you mean UserUpdate?") && unknown.contains("UserAuthentication, UserCreation"), unknown)
        XCTAssertNotNil(QuotaRates.check(category: "UserUpdate", rate: 0))
        XCTAssertNotNil(QuotaRates.check(category: "UserUpdate", rate: 1e9))
        XCTAssertNotNil(QuotaRates.check(share: 0))
        XCTAssertNotNil(QuotaRates.check(share: 1.5))
        XCTAssertEqual(QuotaRates(rates: ["UserUpdate": 50], share: 0.5).ceiling(for: QuotaCategories.named("UserUpdate")!),
                       50 * 0.5 * QuotaRates.headroom, accuracy: 1e-9)
    }
}
