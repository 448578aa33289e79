import Foundation
import TestSupport
import XCTest

/// Restore, verify and clone against moto, the reference for the service's behaviour:
/// a pool with a custom attribute, 160 users (confirmed, unconfirmed, disabled, e-mail
/// verified or not) and 3 groups is snapshotted, then restored into the same pool after
/// every user was deleted, into a fresh pool, and into a clone; what boto3 reads back
/// must equal the source in everything a restore carries over.
final class RestoreMotoTests: MotoTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("cogsh-restore")
    }

    func cogshRun(_ moto: MotoServer, _ args: [String], line: UInt = #line) throws -> CommandResult {
        try cogsh(["--endpoint-url", moto.endpoint] + args, environment: TestSecrets.environment(), limit: 120, line: line)
    }

    /// The pool as boto3 reads it: users (attributes, enabled, groups) and groups.
    func read(_ moto: MotoServer, _ pool: String) throws -> [String: Any] {
        let r = try runCommand(try RepoPaths.requireVenvPython(), [RepoPaths.root + "/scripts/testsupport/read_pool.py", moto.endpoint, pool])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// What a restore must carry over: every attribute but sub, enabled, groups.
    func carried(_ pool: [String: Any]) -> [String: [String: AnyHashable]] {
        var out: [String: [String: AnyHashable]] = [:]
        for (name, value) in pool["users"] as? [String: [String: Any]] ?? [:] {
            var attributes = value["attributes"] as? [String: String] ?? [:]
            attributes["sub"] = nil
            out[name] = ["attributes": attributes, "enabled": value["enabled"] as? Bool ?? true,
                         "groups": value["groups"] as? [String] ?? []]
        }
        return out
    }

    static let seed = #"""
    local pool = cognito.create_user_pool{ PoolName = "source", Schema = {
      { Name = "tier", AttributeDataType = "String", Mutable = true } } }.UserPool.Id
    local client = cognito.create_user_pool_client{ UserPoolId = pool, ClientName = "app" }.UserPoolClient.ClientId
    for n, g in ipairs{ "admins", "staff", "readers" } do
      cognito.create_group{ UserPoolId = pool, GroupName = g, Precedence = n * 10, Description = g .. " group" }
    end
    for i = 1, 150 do
      local name = ("user%03d"):format(i)
      local attrs = { email = name .. "@example.com", email_verified = i % 3 ~= 0, given_name = "U" .. i }
      if i % 2 == 0 then attrs["custom:tier"] = i % 4 == 0 and "gold" or "silver" end
      cognito.admin_create_user{ UserPoolId = pool, Username = name, UserAttributes = attrs, MessageAction = "SUPPRESS" }
      if i % 5 == 0 then cognito.admin_set_user_password{ UserPoolId = pool, Username = name, Password = "Passw0rd!Long", Permanent = true } end
      if i % 7 == 0 then cognito.admin_disable_user{ UserPoolId = pool, Username = name } end
      if i % 6 == 0 then cognito.admin_add_user_to_group{ UserPoolId = pool, Username = name, GroupName = "staff" } end
      if i % 25 == 0 then cognito.admin_add_user_to_group{ UserPoolId = pool, Username = name, GroupName = "admins" } end
    end
    for i = 1, 10 do
      cognito.sign_up{ ClientId = client, Username = ("pending%02d"):format(i), Password = "Passw0rd!Long",
        UserAttributes = { { Name = "email", Value = ("pending%02d@example.com"):format(i) } } }
    end
    print(pool)
    """#

    func source(_ moto: MotoServer) throws -> (pool: String, file: String, truth: [String: [String: AnyHashable]]) {
        let seeded = try cogshRun(moto, ["-e", Self.seed])
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        let pool = seeded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let file = directory + "/source.sqlite"
        XCTAssertEqual(try cogshRun(moto, ["-m", "backup", pool, file]).status, 0)
        let truth = carried(try read(moto, pool))
        XCTAssertEqual(truth.count, 160)
        return (pool, file, truth)
    }

    func testRestoreIntoTheSamePoolAfterEveryUserWasDeleted() throws {
        let moto = try requireMoto()
        let (pool, file, truth) = try source(moto)
        let wipe = try cogshRun(moto, ["-e", """
            local pool = '\(pool)'
            local names = {}
            for u in cognito.each.list_users{ UserPoolId = pool } do names[#names + 1] = u.Username end
            task.map(names, function(name) cognito.admin_delete_user{ UserPoolId = pool, Username = name } end, { progress = false })
            """])
        XCTAssertEqual(wipe.status, 0, wipe.stderr)
        XCTAssertEqual(carried(try read(moto, pool)).count, 0)

        let r = try cogshRun(moto, ["-m", "restore", file, pool])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("unconfirmed      10 users were UNCONFIRMED"), r.stdout)
        XCTAssertTrue(r.stderr.contains("160 created, 0 already there and matching"), r.stderr)
        XCTAssertEqual(carried(try read(moto, pool)), truth)
        let subs = try runCommand("/usr/bin/sqlite3", [file, "SELECT count(*), count(DISTINCT username), sum(old_sub <> new_sub) FROM restored_subs WHERE pool_id = '\(pool)'"])
        XCTAssertEqual(subs.stdout, "160|160|160\n")

        XCTAssertEqual(try cogshRun(moto, ["-m", "verify", file, pool]).status, 0)
        XCTAssertEqual(try cogshRun(moto, ["-e", "cognito.admin_update_user_attributes{ UserPoolId = '\(pool)', Username = 'user042', UserAttributes = { given_name = 'Changed' } }"]).status, 0)
        let after = try cogshRun(moto, ["-m", "verify", file, pool])
        XCTAssertEqual(after.status, 1, after.stderr)
        XCTAssertEqual(after.stdout, "user042\tattributes.given_name\tU42\tChanged\n")

        // The same restore again: every user is in its journal, nothing is sent twice.
        let again = try cogshRun(moto, ["-m", "restore", file, pool])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("0 created, 0 already there and matching, 160 restored by an earlier run"), again.stderr)
    }

    func testAFreshPoolWithoutTheCustomAttributeIsRefusedThenFilled() throws {
        try skipInTheSanitizerPass()
        let moto = try requireMoto()
        let (_, file, truth) = try source(moto)
        let made = try cogshRun(moto, ["-e", "print(cognito.create_user_pool{ PoolName = 'fresh' }.UserPool.Id)"])
        let target = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let dry = try cogshRun(moto, ["-m", "restore", file, target, "--dry-run"])
        XCTAssertEqual(dry.status, 253, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("MISSING custom attributes custom:tier"), dry.stdout)
        let refused = try cogshRun(moto, ["-m", "restore", file, target])
        XCTAssertEqual(refused.status, 253, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("the target lacks the custom attributes custom:tier: nothing was sent"), refused.stderr)
        XCTAssertEqual(carried(try read(moto, target)).count, 0, "nothing sent")

        let r = try cogshRun(moto, ["-m", "restore", file, target, "--add-custom-attributes"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(carried(try read(moto, target)), truth)
        XCTAssertEqual(try read(moto, target)["custom_attributes"] as? [String], ["custom:tier"])
        XCTAssertEqual(try cogshRun(moto, ["-m", "verify", file, target]).status, 0)
    }

    func testACloneHasTheSourcesSchemaGroupsAndUsers() throws {
        try skipInTheSanitizerPass()
        let moto = try requireMoto()
        let (pool, file, truth) = try source(moto)
        let r = try cogshRun(moto, ["-m", "restore", file, "--create-pool", "copy-of-source"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("client: app (not copied; make them in the new pool)"), r.stdout)
        let clones = try pools(moto, named: "copy-of-source")
        XCTAssertEqual(clones.count, 1, "\(clones)")
        let clone = clones.first ?? ""
        let (source, copy) = (try read(moto, pool), try read(moto, clone))
        XCTAssertEqual(copy["custom_attributes"] as? [String], source["custom_attributes"] as? [String])
        XCTAssertEqual(copy["groups"] as? NSDictionary, source["groups"] as? NSDictionary)
        XCTAssertEqual(carried(copy), truth)
        XCTAssertEqual(try cogshRun(moto, ["-m", "verify", file, clone]).status, 0)

        // The same command again goes on with the pool its journal names, in a dry run too,
        // which only peeks at the journal: it runs while another process holds its lock.
        let holder = try RunningCommand("/usr/bin/flock", [file + ".restore-copy-of-source.journal", "-c", "echo held; cat"])
        XCTAssertTrue(holder.waitFor("held"))
        let dry = try cogshRun(moto, ["-m", "restore", file, "--create-pool", "copy-of-source", "--dry-run"])
        XCTAssertEqual(holder.finish().status, 0)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains(clone) && !dry.stdout.contains("a new pool named"), dry.stdout)
        let again = try cogshRun(moto, ["-m", "restore", file, "--create-pool", "copy-of-source"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("0 created, 0 already there and matching, 160 restored by an earlier run"), again.stderr)
        XCTAssertEqual(try pools(moto, named: "copy-of-source"), [clone])
    }

    func testACloneGoesOnOnlyWithThePoolItMade() throws {
        try skipInTheSanitizerPass()
        let moto = try requireMoto()
        let (_, file, truth) = try source(moto)
        func make(_ name: String) throws -> String {
            let code = "print(cognito.create_user_pool{ PoolName = '\(name)', Schema = { { Name = 'tier', AttributeDataType = 'String' } } }.UserPool.Id)"
            return try cogshRun(moto, ["-e", code]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // A pool of that name the clone did not make: refused before anything is sent,
        // by the dry run as by the real one.
        let taken = try make("someone-elses")
        for extra in [["--dry-run"], []] {
            let r = try cogshRun(moto, ["-m", "restore", file, "--create-pool", "someone-elses"] + extra)
            XCTAssertEqual(r.status, 253, r.stderr)
            XCTAssertTrue(r.stderr.contains("a pool named someone-elses already exists (\(taken)), not made by this clone"), r.stderr)
        }
        XCTAssertEqual(try pools(moto, named: "someone-elses"), [taken])
        XCTAssertEqual(carried(try read(moto, taken)).count, 0, "nothing sent")

        // A run killed between CreateUserPool and the journal line naming the pool left
        // its attempt started and not made: the one pool of that name is the one it made,
        // and is filled.
        let half = try make("half-made")
        let journal = file + ".restore-half-made.journal"
        try "# cogsh task.map journal v1\nclone-started\thalf-made\t1\n".write(toFile: journal, atomically: true, encoding: .utf8)
        let r = try cogshRun(moto, ["-m", "restore", file, "--create-pool", "half-made"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try pools(moto, named: "half-made"), [half])
        XCTAssertEqual(carried(try read(moto, half)), truth)
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        XCTAssertTrue(text.contains("clone\t\(half)\nclone-made\thalf-made\t1\n"), text)
    }

    func pools(_ moto: MotoServer, named name: String) throws -> [String] {
        let listed = try cogshRun(moto, ["-e", "for p in cognito.each.list_user_pools{ MaxResults = 60 } do if p.Name == '\(name)' then print(p.Id) end end"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        return listed.stdout.split(separator: "\n").map(String.init)
    }
}
