import Foundation
import TestSupport
import XCTest

/// Snapshots against moto, the reference for the service's behaviour: a pool with a
/// custom attribute, disabled and unconfirmed users and groups is taken, read by the
/// sqlite3 program, by db:users and db:query, and compared with snapshot.diff and -m diff
/// after users are changed, added and deleted.
final class SnapshotMotoTests: MotoTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("cogsh-snapmoto")
    }

    func run(_ moto: MotoServer, _ args: [String], umask mask: String = "022", line: UInt = #line) throws -> CommandResult {
        // Through sh, so the run has the umask of a usual shell.
        let command = (["umask", mask, ";", "exec", Executables.cogsh.quoted, "--endpoint-url", moto.endpoint] + args.map(\.quoted))
            .joined(separator: " ")
        let r = try runCommand("/bin/sh", ["-c", command], environment: TestSecrets.environment(), limit: 60)
        assertNoSecret(in: r.stdout + r.stderr, environment: TestSecrets.environment(), run: args, line: line)
        return r
    }

    /// A pool of 12 users: custom:tier on some, two disabled, two unconfirmed (signed up,
    /// not confirmed), 3 groups with precedence and members. Prints the pool's id.
    static let seed = #"""
    local pool = cognito.create_user_pool{ PoolName = "snap", Schema = {
      { Name = "tier", AttributeDataType = "String", Mutable = true } } }.UserPool.Id
    local client = cognito.create_user_pool_client{ UserPoolId = pool, ClientName = "app" }.UserPoolClient.ClientId
    for i = 1, 10 do
      local attrs = { email = ("user%02d@example.com"):format(i), email_verified = i % 2 == 0 }
      if i <= 6 then attrs["custom:tier"] = i <= 3 and "gold" or "silver" end
      cognito.admin_create_user{ UserPoolId = pool, Username = ("user%02d"):format(i), UserAttributes = attrs,
        MessageAction = "SUPPRESS" }
    end
    for i = 1, 2 do
      cognito.sign_up{ ClientId = client, Username = ("pending%d"):format(i), Password = "Passw0rd!Long",
        UserAttributes = { { Name = "email", Value = ("pending%d@example.com"):format(i) } } }
    end
    cognito.admin_disable_user{ UserPoolId = pool, Username = "user03" }
    cognito.admin_disable_user{ UserPoolId = pool, Username = "user07" }
    for n, g in ipairs{ "admins", "staff", "readers" } do
      cognito.create_group{ UserPoolId = pool, GroupName = g, Precedence = n, Description = g .. " group" }
    end
    for _, m in ipairs{ { "user01", "admins" }, { "user01", "staff" }, { "user02", "staff" }, { "user03", "readers" } } do
      cognito.admin_add_user_to_group{ UserPoolId = pool, Username = m[1], GroupName = m[2] }
    end
    print(pool)
    """#

    func seedPool(_ moto: MotoServer) throws -> String {
        let r = try run(moto, ["-e", Self.seed])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testATakenPoolIsReadBySqliteDbUsersAndQueries() throws {
        let moto = try requireMoto()
        let pool = try seedPool(moto)
        let file = directory + "/pool.sqlite"
        let r = try run(moto, ["-m", "backup", pool, file])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("snapshot \(pool): 12 users, 3 groups, 4 memberships"), r.stderr)

        // Private whatever the umask: it holds personal data.
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file + "-wal"), "complete: one file, no WAL")

        // The sqlite3 program reads it as it is.
        let sql = try runCommand("/usr/bin/sqlite3", [file, """
            SELECT count(*) FROM users; SELECT count(*) FROM users WHERE enabled = 0;
            SELECT count(*) FROM users WHERE status = 'UNCONFIRMED';
            SELECT group_concat(username) FROM (SELECT username FROM attributes WHERE name = 'custom:tier' AND value = 'gold' ORDER BY 1);
            SELECT name || ':' || precedence FROM groups ORDER BY precedence;
            SELECT value FROM meta WHERE key = 'complete';
            """])
        XCTAssertEqual(sql.status, 0, sql.stderr)
        XCTAssertEqual(sql.stdout, "12\n2\n2\nuser01,user02,user03\nadmins:1\nstaff:2\nreaders:3\n1\n")

        let lua = try run(moto, ["-e", """
            local db = snapshot.open('\(file)')
            assert(db.meta.pool_id == '\(pool)' and db.meta.complete == "1")
            for u in db:users("username = ?", "user01") do
              print(u.Username, u.Enabled, u.UserStatus, u.Attributes.email, u.Attributes["custom:tier"], table.concat(u.Groups, ","))
              assert(type(u.UserCreateDate) == "number" and #u.Attributes >= 3)
            end
            local disabled = {}
            for u in db:users(function(u) return not u.Enabled end) do disabled[#disabled + 1] = u.Username end
            print(table.concat(disabled, ","))
            for row, columns in db:query("SELECT status, count(*) AS n FROM users GROUP BY status ORDER BY status") do
              print(columns[1], columns[2], row.status, row.n)
            end
            local ok, err = pcall(function() for _ in db:query("DELETE FROM users") do end end)
            print(ok, err.code, err.message:find("read-only", 1, true) ~= nil)
            db:close()
            """])
        XCTAssertEqual(lua.status, 0, lua.stderr)
        XCTAssertEqual(lua.stdout, """
            user01\ttrue\tFORCE_CHANGE_PASSWORD\tuser01@example.com\tgold\tadmins,staff
            user03,user07
            status\tn\tFORCE_CHANGE_PASSWORD\t10
            status\tn\tUNCONFIRMED\t2
            false\tValidationError\ttrue

            """)
        let query = try run(moto, ["-m", "query", file, "SELECT username, email FROM user_attributes WHERE username LIKE ? ORDER BY 1", "pending%"])
        XCTAssertEqual(query.status, 0, query.stderr)
        XCTAssertEqual(query.stdout, "username,email\r\npending1,pending1@example.com\r\npending2,pending2@example.com\r\n")
        let writes = try run(moto, ["-m", "query", file, "UPDATE users SET enabled = 1"])
        XCTAssertEqual(writes.status, 252, writes.stderr)
        XCTAssertTrue(writes.stderr.contains("read-only"), writes.stderr)
        XCTAssertEqual(try runCommand("/usr/bin/sqlite3", [file, "SELECT count(*) FROM users WHERE enabled = 0"]).stdout, "2\n")
    }

    func testDiffsAfterChangesAddsAndDeletes() throws {
        let moto = try requireMoto()
        let pool = try seedPool(moto)
        let before = directory + "/before.sqlite", after = directory + "/after.sqlite"
        XCTAssertEqual(try run(moto, ["-m", "backup", pool, before]).status, 0)
        let change = try run(moto, ["-e", """
            local pool = '\(pool)'
            cognito.admin_update_user_attributes{ UserPoolId = pool, Username = "user04", UserAttributes = { ["custom:tier"] = "gold" } }
            cognito.admin_delete_user{ UserPoolId = pool, Username = "user05" }
            cognito.admin_create_user{ UserPoolId = pool, Username = "newcomer", MessageAction = "SUPPRESS" }
            cognito.admin_enable_user{ UserPoolId = pool, Username = "user03" }
            cognito.admin_remove_user_from_group{ UserPoolId = pool, Username = "user01", GroupName = "staff" }
            """])
        XCTAssertEqual(change.status, 0, change.stderr)
        XCTAssertEqual(try run(moto, ["-m", "backup", pool, after]).status, 0)

        let lua = try run(moto, ["-e", """
            for d in snapshot.diff('\(before)', snapshot.open('\(after)')) do
              local parts = { d.username, d.change }
              for name, v in pairs(d.attributes or {}) do parts[#parts + 1] = name .. "=" .. tostring(v.before) .. ">" .. tostring(v.after) end
              if d.enabled then parts[#parts + 1] = "enabled=" .. tostring(d.enabled.before) .. ">" .. tostring(d.enabled.after) end
              if d.groups then parts[#parts + 1] = "groups=-" .. table.concat(d.groups.removed, ",") .. "+" .. table.concat(d.groups.added, ",") end
              print(table.concat(parts, " "))
            end
            """])
        XCTAssertEqual(lua.status, 0, lua.stderr)
        XCTAssertEqual(lua.stdout, """
            newcomer added
            user01 changed groups=-staff+
            user03 changed enabled=false>true
            user04 changed custom:tier=silver>gold
            user05 removed

            """)
        let text = try run(moto, ["-m", "diff", before, after])
        XCTAssertEqual(text.status, 1, text.stderr)
        XCTAssertEqual(text.stdout, """
            newcomer\tuser\tabsent\tpresent
            user01\tgroups\t-staff\t+
            user03\tenabled\tfalse\ttrue
            user04\tattributes.custom:tier\tsilver\tgold
            user05\tuser\tpresent\tabsent

            """)
        let json = try run(moto, ["--log-format", "json", "-m", "diff", before, after])
        XCTAssertEqual(json.status, 1)
        let first = try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: String]
        XCTAssertEqual(first, ["username": "newcomer", "field": "user", "before": "absent", "after": "present"])
        let same = try run(moto, ["-m", "diff", before, before])
        XCTAssertEqual(same.status, 0, same.stderr)
        XCTAssertEqual(same.stdout, "")
    }

    /// Large pools are listed in 256 paginations (two hex digits of sub): the same users.
    func testTwoHundredFiftySixShardsListTheSameUsers() throws {
        let moto = try requireMoto()
        let pool = try seedPool(moto)
        let r = try run(moto, ["-e", """
            local a = snapshot.take{ UserPoolId = '\(pool)', file = '\(directory!)/a.sqlite', shards = 256, progress = false }
            local b = snapshot.take{ UserPoolId = '\(pool)', file = '\(directory!)/b.sqlite', progress = false }
            local shards = snapshot.open('\(directory!)/a.sqlite').meta.shards
            local n = 0
            for _ in snapshot.diff('\(directory!)/a.sqlite', '\(directory!)/b.sqlite') do n = n + 1 end
            print(a.users, b.users, shards, n, a.calls > b.calls + 200)
            """])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "12\t12\t256\t0\ttrue\n")
    }

    /// A complete file is refused (nothing sent) unless --overwrite, which takes the new
    /// snapshot beside it and renames it over the old one only once complete.
    func testACompleteSnapshotIsRefusedUnlessOverwritten() throws {
        let moto = try requireMoto()
        let pool = try seedPool(moto)
        let file = directory + "/pool.sqlite"
        XCTAssertEqual(try run(moto, ["-m", "backup", pool, file]).status, 0)
        let again = try run(moto, ["-m", "backup", pool, file])
        XCTAssertEqual(again.status, 253, again.stderr)
        XCTAssertTrue(again.stderr.contains("snapshot \(file): it is a complete snapshot of \(pool) in us-east-1, taken 20"), again.stderr)
        XCTAssertTrue(again.stderr.contains("--overwrite"), again.stderr)

        let inode = try FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int
        XCTAssertEqual(try run(moto, ["-e", "cognito.admin_delete_user{ UserPoolId = '\(pool)', Username = 'user10' }"]).status, 0)
        let over = try run(moto, ["-m", "backup", pool, file, "--overwrite"])
        XCTAssertEqual(over.status, 0, over.stderr)
        XCTAssertNotEqual(try FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int, inode, "a new file, renamed in")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file + ".partial"))
        XCTAssertEqual(try runCommand("/usr/bin/sqlite3", [file, "SELECT count(*) FROM users"]).stdout, "11\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int, 0o600)
    }
}

extension String {
    /// Quoted for /bin/sh.
    var quoted: String { "'" + replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
