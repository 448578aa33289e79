import Foundation
import TestSupport
import XCTest

/// Plan, apply and undo against moto, the reference for the service's behaviour, with
/// boto3 as the second opinion on the pool: a plan changes nothing, an apply skips the
/// user changed since the plan and does the rest, and the undo puts every touched user
/// back as it was — attributes that did not exist gone again, enabled state, groups, and
/// the deleted user recreated with its attributes, state and groups.
final class PlanMotoTests: MotoTestCase {
    /// 25 users: 01–10 with custom:tier "silver", 11–25 without; a group "staff" holding
    /// 21, 22 and 24; 24 also disabled, with tier "bronze". Prints the pool's id.
    static let seed = #"""
    local pool = cognito.create_user_pool{ PoolName = "plan", Schema = {
      { Name = "tier", AttributeDataType = "String", Mutable = true } } }.UserPool.Id
    cognito.create_group{ UserPoolId = pool, GroupName = "staff", Description = "staff" }
    for i = 1, 25 do
      local attrs = { email = ("user%02d@example.com"):format(i) }
      if i <= 10 then attrs["custom:tier"] = "silver" elseif i == 24 then attrs["custom:tier"] = "bronze" end
      cognito.admin_create_user{ UserPoolId = pool, Username = ("user%02d"):format(i), UserAttributes = attrs, MessageAction = "SUPPRESS" }
    end
    for _, i in ipairs{ 21, 22, 24 } do
      cognito.admin_add_user_to_group{ UserPoolId = pool, Username = ("user%02d"):format(i), GroupName = "staff" }
    end
    cognito.admin_disable_user{ UserPoolId = pool, Username = "user24" }
    print(pool)
    """#

    /// The change under review: an attribute on 20 users, 5 disabled, 5 added to a
    /// group, 1 deleted — 31 calls.
    static let change = #"""
    local pool = ...
    local function name(i) return ("user%02d"):format(i) end
    local items = {}
    for i = 1, 20 do items[i] = name(i) end
    task.map(items, function(u)
      local r = cognito.admin_update_user_attributes{ UserPoolId = pool, Username = u, UserAttributes = { ["custom:tier"] = "gold" } }
      assert(r.ResponseMetadata.DryRun == true)
    end, { workers = 8, progress = false })
    for i = 11, 15 do cognito.admin_disable_user{ UserPoolId = pool, Username = name(i) } end
    for i = 16, 20 do cognito.admin_add_user_to_group{ UserPoolId = pool, Username = name(i), GroupName = "staff" } end
    cognito.admin_delete_user{ UserPoolId = pool, Username = "user24" }
    """#

    typealias Users = [String: [String: Any]]

    func users(_ moto: MotoServer, _ pool: String) throws -> Users {
        let out = try PythonHelper.run(script: "pool_users.py", arguments: [moto.endpoint, pool])
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out)) as? Users)
    }

    func attributes(_ u: [String: Any]?) -> [String: String] { u?["attributes"] as? [String: String] ?? [:] }
    func groups(_ u: [String: Any]?) -> [String] { u?["groups"] as? [String] ?? [] }
    func enabled(_ u: [String: Any]?) -> Bool? { u?["enabled"] as? Bool }

    func testPlanChangesNothingApplySkipsDriftAndTheUndoRestoresEveryUser() throws {
        let moto = try requireMoto()
        let dir = try planDirectory()
        let seeded = try planRun(["-e", Self.seed], endpoint: moto.endpoint, in: dir)
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        let pool = seeded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.change.write(toFile: dir + "/change.lua", atomically: true, encoding: .utf8)
        let before = try users(moto, pool)
        XCTAssertEqual(before.count, 25)

        // --plan: reads sent, nothing changed; the plan holds 31 calls with their states before.
        let planned = try planRun(["--plan", "change.plan", "change.lua", pool], endpoint: moto.endpoint, in: dir)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertTrue(planned.stderr.contains("plan change.plan: 31 calls on \(pool) (us-east-1, account 123456789012)"), planned.stderr)
        XCTAssertTrue(planned.stderr.contains(#"custom:tier (20 users): "silver" → "gold" ×10; (absent) → "gold" ×10"#), planned.stderr)
        XCTAssertTrue(planned.stderr.contains("AdminUpdateUserAttributes    20"), planned.stderr)
        XCTAssertTrue(planned.stderr.contains("users touched: 21; more than once: 10"), planned.stderr)
        XCTAssertTrue(planned.stderr.contains("cannot be undone: none"), planned.stderr)
        XCTAssertEqual(NSDictionary(dictionary: try users(moto, pool)), NSDictionary(dictionary: before), "the plan changed nothing (boto3)")

        let plan = dir + "/change.plan"
        XCTAssertEqual(try fileMode(plan), 0o600)
        let lines = try planLines(plan)
        XCTAssertEqual(lines.count, 33, "header, 31 calls, end line")
        XCTAssertEqual(lines[0]["cogsh_plan"] as? Int, 1)
        XCTAssertEqual(lines[0]["pool"] as? String, pool)
        XCTAssertEqual(lines[0]["account"] as? String, "123456789012")
        XCTAssertEqual(lines[0]["script"] as? String, "change.lua")
        XCTAssertEqual(lines.last?["calls"] as? Int, 31)
        let calls = lines[1..<32]
        XCTAssertEqual(calls.map { $0["n"] as? Int }, Array(1...31))
        for call in calls {
            let input = try XCTUnwrap(call["input"] as? [String: Any])
            let state = try XCTUnwrap(call["before"] as? [String: Any], "every call has its user's state before: \(call)")
            XCTAssertEqual(state["Username"] as? String, input["Username"] as? String)
        }
        let deletion = try XCTUnwrap(calls.first { $0["op"] as? String == "AdminDeleteUser" }?["before"] as? [String: Any])
        XCTAssertEqual(deletion["Groups"] as? [String], ["staff"])
        XCTAssertEqual(deletion["Enabled"] as? Bool, false)
        let shown = try planRun(["--plan-show", "change.plan"], endpoint: nil, in: dir)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(planned.stderr.contains(shown.stdout.trimmingCharacters(in: .newlines)), "the same summary from the file:\n\(shown.stdout)")

        // user03 changes before the apply: drift, skipped; the rest applied; exit 1.
        let changed = try planRun(["-e", "cognito.admin_update_user_attributes{ UserPoolId = '\(pool)', Username = 'user03', UserAttributes = { ['custom:tier'] = 'platinum' } }"],
                                  endpoint: moto.endpoint, in: dir)
        XCTAssertEqual(changed.status, 0, changed.stderr)
        let applied = try planRun(["--apply", "change.plan"], endpoint: moto.endpoint, in: dir)
        XCTAssertEqual(applied.status, 1, applied.stderr)
        XCTAssertTrue(applied.stderr.contains("apply change.plan: 30 calls sent, 1 user skipped for drift (1 call)"), applied.stderr)
        XCTAssertTrue(applied.stderr.contains("drift: user03: attributes.custom:tier changed since the plan"), applied.stderr)
        let after = try users(moto, pool)
        for i in 1...20 where i != 3 {
            XCTAssertEqual(attributes(after[String(format: "user%02d", i)])["custom:tier"], "gold", "user\(i)")
        }
        XCTAssertEqual(attributes(after["user03"])["custom:tier"], "platinum", "the drifted user was left alone")
        XCTAssertEqual((11...15).map { enabled(after[String(format: "user%02d", $0)]) }, Array(repeating: false, count: 5))
        XCTAssertEqual((16...20).map { groups(after[String(format: "user%02d", $0)]) }, Array(repeating: ["staff"], count: 5))
        XCTAssertNil(after["user24"], "deleted")
        XCTAssertEqual(try fileMode(plan + ".undo"), 0o600)
        XCTAssertEqual(try fileMode(plan + ".journal"), 0o600)

        // The undo takes it back: every touched user as before (user03 kept its own change).
        let undone = try planRun(["--apply", "change.plan.undo"], endpoint: moto.endpoint, in: dir)
        XCTAssertEqual(undone.status, 0, undone.stderr)
        let restored = try users(moto, pool)
        XCTAssertEqual(Set(restored.keys), Set(before.keys))
        for (name, was) in before {
            let now = restored[name]
            var expected = attributes(was)
            if name == "user03" { expected["custom:tier"] = "platinum" }
            XCTAssertEqual(attributes(now), expected, name)
            XCTAssertEqual(enabled(now), enabled(was), name)
            XCTAssertEqual(groups(now), groups(was), name)
        }
        XCTAssertEqual(attributes(restored["user24"])["custom:tier"], "bronze", "recreated with its attributes")
        XCTAssertEqual(enabled(restored["user24"]), false, "and disabled, as it was")
        XCTAssertNil(attributes(restored["user12"])["custom:tier"], "an attribute that did not exist is gone again")
    }
}
