import Foundation
import TestSupport
import XCTest

/// Plan and apply against the loopback stand-in, which holds pools with state, answers
/// STS GetCallerIdentity, and counts every request per operation and quota category.
/// What is asserted is what it counted — reads per user, throttles, requests in a
/// second, calls sent twice — never a time.
final class PlanApplyStandInTests: XCTestCase {
    let pool = "us-east-1_Plan1"

    func startStandIn(users: Int, extraPools: [StandInServer.PoolSpec] = []) throws -> StandInServer {
        let spec = StandInServer.PoolSpec(id: pool, users: users, seed: 3, groups: 2, customAttributes: ["tier"])
        let standIn = try StandInServer(latency: 0.05, users: 0, categories: StandInServer.allPublishedQuotas,
                                        pools: [spec] + extraPools, strictPools: true)
        addTeardownBlock { standIn.stop() }
        return standIn
    }

    /// custom:tier = "gold" for every user of the pool, from a task.map over ListUsers.
    static let tiers = """
    local pool, total = ...
    local s = task.map(cognito.each.list_users{ UserPoolId = pool }, function(u)
      cognito.admin_update_user_attributes{ UserPoolId = pool, Username = u.Username, UserAttributes = { ["custom:tier"] = "gold" } }
    end, { progress = false })
    assert(s.done == tonumber(total), s.done)
    """

    func plan(_ standIn: StandInServer, users: Int, in dir: String, extra: [String] = []) throws {
        try Self.tiers.write(toFile: dir + "/tiers.lua", atomically: true, encoding: .utf8)
        let r = try planRun(["--plan", "tiers.plan"] + extra + ["tiers.lua", pool, String(users)], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let count = users >= 1000 ? "\(users / 1000),\(String(format: "%03d", users % 1000))" : String(users)
        XCTAssertTrue(r.stderr.contains("plan tiers.plan: \(count) calls on \(pool)"), r.stderr)
    }

    func gold(_ standIn: StandInServer) throws -> Int {
        try standIn.dump(pool: pool).users.filter { $0.attributes["custom:tier"] == "gold" }.count
    }

    func testAPlannedJobOfAThousandUsersAppliesAtTheQuotaWithOneReadPerUser() throws {
        let standIn = try startStandIn(users: 1000)
        let dir = try planDirectory()
        try plan(standIn, users: 1000, in: dir)
        var stats = try standIn.stats()
        XCTAssertEqual(stats.operations["AdminGetUser"], 1000, "one state before per user")
        XCTAssertNil(stats.operations["AdminUpdateUserAttributes"], "nothing changed")
        XCTAssertEqual(stats.operations["GetCallerIdentity"], 1)
        XCTAssertEqual(try gold(standIn), 0)
        let lines = try planLines(dir + "/tiers.plan")
        XCTAssertEqual(lines.count, 1002)
        XCTAssertEqual(lines.dropFirst().dropLast().filter { ($0["before"] as? [String: Any])?["Username"] != nil }.count, 1000)

        try standIn.reset()
        let applied = try planRun(["--apply", "tiers.plan"], endpoint: standIn.endpoint, in: dir, limit: 240)
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertTrue(applied.stderr.contains("apply tiers.plan: 1,000 calls sent, 0 users skipped for drift"), applied.stderr)
        stats = try standIn.stats()
        XCTAssertEqual(stats.answered["AdminUpdateUserAttributes"]?.count, 1000)
        XCTAssertEqual(stats.answered["AdminUpdateUserAttributes"]?.values.max(), 1, "no call sent twice")
        XCTAssertEqual(stats.operations["AdminGetUser"], 1000, "the drift check: one read per user")
        XCTAssertEqual(stats.answered["AdminGetUser"]?.values.max(), 1)
        for name in ["UserUpdate", "UserRead"] {
            let counts = try XCTUnwrap(stats.categories[name])
            XCTAssertEqual(counts.throttled.count, 0, "\(name) throttled")
            XCTAssertLessThanOrEqual(counts.busiestSecond, name == "UserUpdate" ? 25 : 120, "\(name) over its quota in a second")
        }
        let updates = try XCTUnwrap(stats.categories["UserUpdate"]).admitted.sorted()
        print("apply: \(updates.count) updates at \(Double(updates.count - 1) / (updates.last! - updates.first!)) a second (UserUpdate quota 25)")
        XCTAssertEqual(try gold(standIn), 1000)
        XCTAssertEqual(try planLines(dir + "/tiers.plan.undo").count, 1002, "an undo call per user")
    }

    /// SIGKILL in the middle of an apply, then the same command: every user done, and
    /// no call sent twice beyond the ones in flight when it was killed.
    func testAKilledApplyGoesOnWithoutSendingACallTwice() throws {
        let standIn = try startStandIn(users: 300)
        let dir = try planDirectory()
        try plan(standIn, users: 300, in: dir)
        try standIn.reset()
        var env = TestSecrets.environment()
        env["AWS_ENDPOINT_URL"] = standIn.endpoint
        let child = try RunningCommand(Executables.cogsh, ["--apply", dir + "/tiers.plan"], environment: env)
        let journal = dir + "/tiers.plan.journal"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? String(contentsOfFile: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 60 {
            usleep(50_000)
        }
        kill(child.process.processIdentifier, SIGKILL)
        XCTAssertEqual(child.finish().status, SIGKILL)
        let first = try standIn.stats().answered["AdminUpdateUserAttributes"] ?? [:]
        XCTAssertGreaterThan(first.count, 50)
        XCTAssertLessThan(first.count, 300, "killed before the end")

        let rerun = try planRun(["--apply", "tiers.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("sent by an earlier run"), rerun.stderr)
        let answered = try XCTUnwrap(try standIn.stats().answered["AdminUpdateUserAttributes"])
        XCTAssertEqual(answered.count, 300, "every user done")
        let repeated = answered.values.reduce(0) { $0 + $1 - 1 }
        XCTAssertLessThanOrEqual(repeated, 16, "only the calls in flight (16 workers) were sent again")
        print("killed apply: \(first.count) users done before the kill, \(repeated) calls sent twice")
        XCTAssertEqual(try gold(standIn), 300)
        let undo = try planLines(dir + "/tiers.plan.undo")
        XCTAssertEqual(undo.last?["calls"] as? Int, 300, "one undo call per user, none twice")
        XCTAssertEqual(Set(undo.compactMap { ($0["input"] as? [String: Any])?["Username"] as? String }).count, 300)
    }

    /// Killed after the service deleted or created a user and before the journal said so:
    /// the next run sees the user already gone (or there, as planned), journals the call
    /// as done instead of failing on it, and the undo still brings every user back.
    func testCreatesAndDeletesSentBeforeACrashAreNotSentAgain() throws {
        let standIn = try startStandIn(users: 20)
        let dir = try planDirectory()
        try """
        local pool = ...
        for i = 1, 3 do cognito.admin_delete_user{ UserPoolId = pool, Username = ("user%05d"):format(i) } end
        for i = 1, 2 do
          cognito.admin_create_user{ UserPoolId = pool, Username = "new" .. i, MessageAction = "SUPPRESS",
            UserAttributes = { email = "new" .. i .. "@example.com" } }
        end
        cognito.admin_update_user_attributes{ UserPoolId = pool, Username = "user00004", UserAttributes = { given_name = "Four" } }
        cognito.admin_delete_user{ UserPoolId = pool, Username = "user00004" }
        cognito.admin_delete_user{ UserPoolId = pool, Username = "user00005" }
        cognito.admin_create_user{ UserPoolId = pool, Username = "user00005", MessageAction = "SUPPRESS",
          UserAttributes = { email = "five@example.com" } }
        """.write(toFile: dir + "/churn.lua", atomically: true, encoding: .utf8)
        XCTAssertEqual(try planRun(["--plan", "churn.plan", "churn.lua", pool], endpoint: standIn.endpoint, in: dir).status, 0)
        XCTAssertEqual(try planRun(["--apply", "churn.plan"], endpoint: standIn.endpoint, in: dir).status, 0)
        // As if killed after each call reached the service, before its journal line: the
        // attempts marked before each delete and create are kept, and user00004's update;
        // user00005 only got as far as its delete.
        let journal = dir + "/churn.plan.journal"
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let update = try XCTUnwrap(try planLines(dir + "/churn.plan").first { $0["op"] as? String == "AdminUpdateUserAttributes" }?["n"] as? Int)
        let kept = Array(lines[0...1]) + lines.filter { $0.hasPrefix("sending ") } + ["\(update)"]   // header, plan mark
        XCTAssertEqual(kept.count, 3 + 8, "an attempt marked for each delete and create")
        try (kept.joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        let deleted = try planRun(["-e", "cognito.admin_delete_user{ UserPoolId = '\(pool)', Username = 'user00005' }"],
                                  endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        try standIn.reset()
        let again = try planRun(["--apply", "churn.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("0 calls not sent after 0 failures"), again.stderr)
        let stats = try standIn.stats()
        XCTAssertEqual(stats.operations["AdminDeleteUser"], 5, "each answered UserNotFound: done before")
        XCTAssertEqual(stats.operations["AdminCreateUser"], 3, "new1 and new2 answered UsernameExists and hold what was asked; user00005 made")
        XCTAssertEqual(stats.operations["AdminGetUser"], 2, "the two existing users read; no drift check of a user begun before")
        XCTAssertNil(stats.operations["AdminUpdateUserAttributes"], "journaled")
        XCTAssertEqual(try standIn.dump(pool: pool).users.first { $0.username == "user00005" }?.attributes["email"], "five@example.com")
        let undo = try planLines(dir + "/churn.plan.undo")
        XCTAssertEqual(undo.filter { $0["op"] as? String == "AdminCreateUser" }.count, 5, "the deleted users come back")
        XCTAssertEqual(undo.filter { $0["op"] as? String == "AdminDeleteUser" }.count, 3, "the created users go")
        XCTAssertEqual(try planRun(["--apply", "churn.plan.undo"], endpoint: standIn.endpoint, in: dir).status, 0)
        XCTAssertEqual(Set(try standIn.dump(pool: pool).users.map(\.username)), Set((1...20).map { String(format: "user%05d", $0) }))
    }

    /// On a first apply a user deleted by someone else since the plan was made is not
    /// taken for a delete this apply sent: its delete fails (listed), and the undo does
    /// not bring it back.
    func testAUserDeletedSinceThePlanIsNotTakenForThisApplysDelete() throws {
        let standIn = try startStandIn(users: 5)
        let dir = try planDirectory()
        try """
        local pool = ...
        for i = 1, 2 do cognito.admin_delete_user{ UserPoolId = pool, Username = ("user%05d"):format(i) } end
        """.write(toFile: dir + "/gone.lua", atomically: true, encoding: .utf8)
        XCTAssertEqual(try planRun(["--plan", "gone.plan", "gone.lua", pool], endpoint: standIn.endpoint, in: dir).status, 0)
        let erased = try planRun(["-e", "cognito.admin_delete_user{ UserPoolId = '\(pool)', Username = 'user00001' }"],
                                 endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(erased.status, 0, erased.stderr)
        let applied = try planRun(["--apply", "gone.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(applied.status, 1, applied.stderr)
        XCTAssertTrue(applied.stderr.contains("failed: user00001: AdminDeleteUser (call 1): UserNotFoundException"), applied.stderr)
        let undo = try planLines(dir + "/gone.plan.undo")
        let recreated = undo.filter { $0["op"] as? String == "AdminCreateUser" }.compactMap { ($0["input"] as? [String: Any])?["Username"] as? String }
        XCTAssertEqual(recreated, ["user00002"], "only the user this apply deleted comes back")
        // Nor on a rerun: the refused delete was marked so.
        let rerun = try planRun(["--apply", "gone.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(rerun.status, 1, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("failed: user00001: AdminDeleteUser (call 1): UserNotFoundException"), rerun.stderr)
        let again = try planLines(dir + "/gone.plan.undo")
        XCTAssertEqual(again.filter { $0["op"] as? String == "AdminCreateUser" }.count, 1, "still only user00002")
    }

    func testPlanningFromASnapshotReadsNoUser() throws {
        let other = StandInServer.PoolSpec(id: "us-east-1_Other1", users: 10, seed: 4)
        let standIn = try startStandIn(users: 100, extraPools: [other])
        let dir = try planDirectory()
        for (id, file) in [(pool, "pool.sqlite"), ("us-east-1_Other1", "other.sqlite")] {
            let backup = try planRun(["-m", "backup", id, file], endpoint: standIn.endpoint, in: dir)
            XCTAssertEqual(backup.status, 0, backup.stderr)
        }
        try standIn.reset()
        try plan(standIn, users: 100, in: dir, extra: ["--snapshot", "pool.sqlite"])
        let stats = try standIn.stats()
        XCTAssertNil(stats.operations["AdminGetUser"], "the states before came from the snapshot")
        XCTAssertNil(stats.operations["AdminUpdateUserAttributes"])
        let lines = try planLines(dir + "/tiers.plan")
        XCTAssertEqual(lines[0]["snapshot"] as? String, "pool.sqlite")
        let before = try XCTUnwrap(lines[1]["before"] as? [String: Any])
        XCTAssertNotNil(before["Groups"] as? [String], "a snapshot knows the groups")
        XCTAssertNotNil(before["UserAttributes"] as? [[String: Any]])
        // Another pool's snapshot is refused at the first call.
        let wrong = try planRun(["--plan", "wrong.plan", "--snapshot", "other.sqlite", "tiers.lua", pool, "100"],
                                endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(wrong.status, 253, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("--snapshot other.sqlite is of the pool us-east-1_Other1"), wrong.stderr)
    }

    /// Pool-level calls first, group deletions last; the undo recreates a deleted group
    /// with its members, takes the created one away and restores the updated one.
    func testGroupsAndTheirMembersComeBackWithTheUndo() throws {
        let standIn = try startStandIn(users: 30)
        let dir = try planDirectory()
        try """
        local pool, reset = ...
        cognito.create_group{ UserPoolId = pool, GroupName = "vip", Description = "very important", Precedence = 3 }
        cognito.update_group{ UserPoolId = pool, GroupName = "group01", Description = "renamed" }
        for i = 1, 3 do cognito.admin_add_user_to_group{ UserPoolId = pool, Username = ("user%05d"):format(i), GroupName = "vip" } end
        cognito.delete_group{ UserPoolId = pool, GroupName = "group02" }
        cognito.admin_reset_user_password{ UserPoolId = pool, Username = reset }
        """.write(toFile: dir + "/groups.lua", atomically: true, encoding: .utf8)
        let before = try standIn.dump(pool: pool)
        XCTAssertGreaterThan(before.users.filter { $0.groups.contains("group02") }.count, 3)
        // One whose password can be reset: enabled, confirmed, with a verified address.
        let reset = try XCTUnwrap(before.users.first { $0.enabled && $0.status == "CONFIRMED" && $0.attributes["email_verified"] == "true" }).username
        let planned = try planRun(["--plan", "groups.plan", "groups.lua", pool, reset], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertTrue(planned.stderr.contains("pool-level calls: 3 (run first, deletions last)"), planned.stderr)
        XCTAssertTrue(planned.stderr.contains("cannot be undone: 1 call (AdminResetUserPassword 1)"), planned.stderr)
        let deletion = try XCTUnwrap(try planLines(dir + "/groups.plan").first { $0["op"] as? String == "DeleteGroup" })
        XCTAssertEqual((deletion["before"] as? [String: Any])?["Members"] as? [String], before.users.filter { $0.groups.contains("group02") }.map(\.username))

        let applied = try planRun(["--apply", "groups.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertTrue(applied.stderr.contains("not in the undo: 1 call that cannot be undone"), applied.stderr)
        let changed = try standIn.dump(pool: pool)
        XCTAssertEqual(changed.groups.map(\.name), ["group01", "vip"])
        XCTAssertEqual(changed.groups.first?.description, "renamed")

        let undone = try planRun(["--apply", "groups.plan.undo"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(undone.status, 0, undone.stderr)
        let after = try standIn.dump(pool: pool)
        XCTAssertEqual(after.groups.map { [$0.name, $0.description ?? "", String($0.precedence ?? -1)] },
                       before.groups.map { [$0.name, $0.description ?? "", String($0.precedence ?? -1)] })
        for (name, user) in before.usersByName {
            XCTAssertEqual(after.usersByName[name]?.groups, user.groups, name)
        }
        XCTAssertEqual(after.usersByName[reset]?.status, "RESET_REQUIRED", "a password reset is not undone")
    }

    func testAPlanIsRefusedElsewhereAndAppliedByAnotherRoleOfTheAccount() throws {
        let standIn = try startStandIn(users: 20)
        let dir = try planDirectory()
        try plan(standIn, users: 20, in: dir)
        // Another account.
        try standIn.setIdentity(account: "999999999999")
        try standIn.reset()
        let account = try planRun(["--apply", "tiers.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(account.status, 253, account.stderr)
        XCTAssertTrue(account.stderr.contains("refused: the plan tiers.plan is for the pool \(pool) in us-east-1, account 123456789012; "
            + "this run is account 999999999999 in us-east-1"), account.stderr)
        XCTAssertEqual(try standIn.stats().operations, ["GetCallerIdentity": 1], "nothing sent")
        // Another region.
        try standIn.setIdentity(account: "123456789012")
        try standIn.reset()
        let region = try planRun(["--apply", "tiers.plan"], endpoint: standIn.endpoint, in: dir, environment: ["AWS_REGION": "eu-west-1"])
        XCTAssertEqual(region.status, 253, region.stderr)
        XCTAssertTrue(region.stderr.contains("this run is account 123456789012 in eu-west-1"), region.stderr)
        XCTAssertEqual(try standIn.stats().operations, ["GetCallerIdentity": 1], "nothing sent")
        // A pool that does not exist.
        let text = try String(contentsOfFile: dir + "/tiers.plan", encoding: .utf8)
        try text.replacingOccurrences(of: pool, with: "us-east-1_Gone1").write(toFile: dir + "/gone.plan", atomically: true, encoding: .utf8)
        try standIn.reset()
        let gone = try planRun(["--apply", "gone.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(gone.status, 253, gone.stderr)
        XCTAssertTrue(gone.stderr.contains("refused: the plan's pool us-east-1_Gone1 does not exist in account 123456789012"), gone.stderr)
        XCTAssertEqual(try standIn.stats().operations, ["GetCallerIdentity": 1, "DescribeUserPool": 1], "nothing sent")
        // Another role of the same account: noted, and applied.
        let role = "arn:aws:sts::123456789012:assumed-role/ci-deploy/run-42"
        try standIn.setIdentity(account: "123456789012", arn: role)
        let applied = try planRun(["--apply", "tiers.plan"], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertTrue(applied.stderr.contains("note: the plan tiers.plan was made by arn:aws:iam::123456789012:user/cogsh-test; "
            + "it is applied by \(role) (the same account 123456789012)"), applied.stderr)
        XCTAssertEqual(try gold(standIn), 20)
        XCTAssertTrue(try planLines(dir + "/tiers.plan.undo")[0]["identity"] as? String == role)
        // A plan covers one pool: a call on a second pool is refused in the script.
        let two = try planRun(["--plan", "two.plan", "-e", """
            cognito.admin_disable_user{ UserPoolId = '\(pool)', Username = 'user00001' }
            cognito.admin_disable_user{ UserPoolId = 'us-east-1_Else1', Username = 'user00001' }
            """], endpoint: standIn.endpoint, in: dir)
        XCTAssertEqual(two.status, 252, two.stderr)
        XCTAssertTrue(two.stderr.contains("is on the pool us-east-1_Else1, but the plan is for \(pool)"), two.stderr)
    }
}
