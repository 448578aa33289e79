import AWSCore
import Snapshot
import XCTest

/// The parts of plan, apply and undo that need no server: what counts as drift, and
/// the inverse calls an undo is made of.
final class PlanLogicTests: XCTestCase {
    let pool = "us-east-1_Test1"

    func call(_ n: Int, _ op: String, _ fields: [String: JSONValue] = [:], user: String = "alice") -> PlanCall {
        var input = fields
        input["UserPoolId"] = .string(pool)
        input["Username"] = .string(user)
        return PlanCall(n: n, op: op, input: .object(input), before: .notRecorded)
    }

    func set(_ pairs: [String: String]) -> [String: JSONValue] {
        ["UserAttributes": .array(pairs.keys.sorted().map { .object(["Name": .string($0), "Value": .string(pairs[$0]!)]) })]
    }

    let alice = UserState(username: "alice", attributes: ["email": "a@example.com", "email_verified": "true", "sub": "s-1",
                                                          "identities": "[]", "custom:tier": "silver"],
                          enabled: false, status: "CONFIRMED", groups: ["staff"])

    func testDriftIsWhatThePlanTouchesChangedToAThirdValue() {
        let calls = [call(1, "AdminUpdateUserAttributes", set(["custom:tier": "gold", "email": "b@example.com", "email_verified": "true"])),
                     call(2, "AdminAddUserToGroup", ["GroupName": .string("vip")])]
        let scope = DriftScope(calls)
        XCTAssertEqual(scope.attributes, ["custom:tier", "email"], "a verified flag set with its address is Cognito's to change")
        XCTAssertEqual(scope.groups, ["vip"])
        XCTAssertFalse(scope.enabled)
        let after = UserSimulation.apply(calls, to: alice)
        func drift(_ change: (inout UserState) -> Void) -> [String] {
            var live = alice
            change(&live)
            return DriftCheck.drifted(before: alice, after: after, live: live, scope: scope)
        }
        XCTAssertEqual(drift { _ in }, [])
        XCTAssertEqual(drift { $0.attributes["custom:tier"] = "gold" }, [], "already as planned (a call sent before a crash)")
        XCTAssertEqual(drift { $0.attributes["custom:tier"] = "bronze" }, ["attributes.custom:tier"])
        XCTAssertEqual(drift { $0.attributes["given_name"] = "Al"; $0.enabled = true }, [], "untouched fields do not count")
        XCTAssertEqual(drift { $0.groups = ["staff", "vip"] }, [])
        XCTAssertEqual(drift { $0.attributes["email_verified"] = "false" }, [])
        XCTAssertEqual(DriftCheck.drifted(before: alice, after: after, live: nil, scope: scope), ["user"])
        XCTAssertEqual(DriftCheck.drifted(before: nil, after: after, live: alice, scope: scope), ["user"], "the plan creates it, and it exists")
    }

    func testTheUndoSetsBackWhatThePlanChanged() {
        let calls = [call(1, "AdminUpdateUserAttributes", set(["custom:tier": "gold", "email": "b@example.com", "nickname": "al"])),
                     call(2, "AdminEnableUser"), call(3, "AdminRemoveUserFromGroup", ["GroupName": .string("staff")]),
                     call(4, "AdminAddUserToGroup", ["GroupName": .string("vip")]), call(5, "AdminUserGlobalSignOut")]
        let undo = UndoPlanner.inverse(of: calls, before: alice, pool: pool, username: "alice")
        XCTAssertEqual(undo.map(\.op), ["AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "AdminDisableUser",
                                        "AdminAddUserToGroup", "AdminRemoveUserFromGroup"])
        XCTAssertEqual(undo[0].input["UserAttributes"], .array([
            .object(["Name": .string("custom:tier"), "Value": .string("silver")]), .object(["Name": .string("email"), "Value": .string("a@example.com")]),
            .object(["Name": .string("email_verified"), "Value": .string("true")]),
        ]), "the address back with its verified flag: no verification message")
        XCTAssertEqual(undo[1].input["UserAttributeNames"], .array([.string("nickname")]), "absent before: deleted again")
        XCTAssertEqual(undo[3].input["GroupName"], .string("staff"))
        // Every line carries the user as the undo finds it: what the plan made of it.
        guard case .state(let state) = undo[0].before, let made = UserState(json: state) else { return XCTFail("no before") }
        XCTAssertEqual(made.attributes["custom:tier"], "gold")
        XCTAssertEqual(made.attributes["email_verified"], "false", "Cognito unverifies a new address")
        XCTAssertEqual(made.groups, ["vip"])
        XCTAssertTrue(undo.allSatisfy { $0.before == undo[0].before })
    }

    func testADeletedUserIsRecreatedAndACreatedOneDeleted() {
        let deleted = UndoPlanner.inverse(of: [call(1, "AdminDeleteUser")], before: alice, pool: pool, username: "alice")
        XCTAssertEqual(deleted.map(\.op), ["AdminCreateUser", "AdminDisableUser", "AdminAddUserToGroup"])
        XCTAssertEqual(deleted[0].input["MessageAction"], .string("SUPPRESS"))
        XCTAssertEqual(deleted[0].input["ClientMetadata"], .object(["cogsh": .string("undo")]))
        guard case .array(let attributes)? = deleted[0].input["UserAttributes"] else { return XCTFail() }
        XCTAssertEqual(attributes.compactMap { $0["Name"]?.stringValue }, ["custom:tier", "email", "email_verified"], "not sub or identities")
        XCTAssertTrue(deleted.allSatisfy { $0.before == .missing })
        // A pool whose usernames are e-mail addresses: recreated (and found) by the address.
        let byEmail = UndoPlanner.inverse(of: [call(1, "AdminDeleteUser")], before: alice, pool: pool, username: "alice",
                                          usernameAttributes: ["email"])
        XCTAssertEqual(Set(byEmail.compactMap { $0.input["Username"]?.stringValue }), ["a@example.com"])
        let created = UndoPlanner.inverse(of: [call(1, "AdminCreateUser", set(["email": "n@example.com"]), user: "new"),
                                               call(2, "AdminAddUserToGroup", ["GroupName": .string("vip")], user: "new")],
                                          before: nil, pool: pool, username: "new")
        XCTAssertEqual(created.map(\.op), ["AdminDeleteUser"])
        XCTAssertEqual(UndoPlanner.inverse(of: [call(1, "AdminResetUserPassword")], before: alice, pool: pool, username: "alice"), [],
                       "a password reset cannot be undone")
    }

    func testSecretsAreFoundWhereverTheyAre() {
        XCTAssertEqual(PlanSecrets.credentialMember(in: .object(["UserPoolId": .string("p"), "Password": .string("x")])), "Password")
        XCTAssertEqual(PlanSecrets.credentialMember(in: .object(["ProviderDetails": .object(["client_secret": .string("x")])])),
                       "ProviderDetails.client_secret")
        XCTAssertNil(PlanSecrets.credentialMember(in: .object(["UserAttributes": .array([.object(["Name": .string("email"), "Value": .string("a@b")])])])))
    }
}
