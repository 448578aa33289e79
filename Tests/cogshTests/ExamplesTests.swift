import Foundation
import TestSupport
import XCTest

/// Every script in examples/ against moto on loopback: the counts each one prints,
/// and the users' state afterwards, read back through cogsh's own admin_get_user.
/// Each test seeds its own pool with examples/seed-local-pool.lua (ten users who sign
/// in with their e-mail address, custom attributes tier and display_name).
final class ExamplesTests: MotoTestCase {
    var endpoint = ""
    var dir = ""

    override func setUpWithError() throws {
        endpoint = try requireMoto().endpoint
        dir = NSTemporaryDirectory() + "cogsh-examples-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    let environment = TestSecrets.environment()

    func example(_ name: String) -> String { RepoPaths.root + "/examples/" + name }

    /// cogsh against this class's moto: `--endpoint-url` first, then the rest.
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
        try cogsh(["--endpoint-url", endpoint] + arguments, environment: environment.merging(extra) { $1 }, limit: 120)
    }

    /// A fresh pool from the seed script (and its CSV at `dir/users.csv`); returns its id.
    func seed(_ file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let name = "examples-\(UUID().uuidString.prefix(8))"
        let result = try run([example("seed-local-pool.lua"), name, dir + "/users.csv"])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let pool = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(pool.hasPrefix("us-east-1_"), "seed printed \(result.stdout)", file: file, line: line)
        return pool
    }

    /// The user's attributes as a dictionary, read with cognito.admin_get_user; nil when
    /// the user does not exist.
    func attributes(_ pool: String, _ username: String) throws -> [String: String]? {
        let script = """
        local ok, r = pcall(cognito.admin_get_user, { UserPoolId = \(luaString(pool)), Username = \(luaString(username)) })
        if not ok then
          if r.code == "UserNotFoundException" then print("null") return end
          error(r, 0)
        end
        local map = {}
        for _, a in ipairs(r.UserAttributes) do map[a.Name] = a.Value end
        print(json.encode(map))
        """
        let result = try run(["-e", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        let data = Data(result.stdout.utf8)
        if result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "null" { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: String]
    }

    func luaString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: The examples

    func testHelloNeedsNoAWS() throws {
        let result = try cogsh([example("hello.lua"), "tester"], environment: ["AWS_REGION": "", "AWS_ACCESS_KEY_ID": ""])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "Hello, tester! cogsh is running Lua 5.4.\nmodules: cognito, aws, json, csv, log\n")
    }

    func testBulkParallelSetsMissingTiersAndResumesFromItsJournal() throws {
        let pool = try seed()
        // bulk-update.lua gives three users a tier first; the parallel job does the rest.
        XCTAssertEqual(try run([example("bulk-update.lua"), pool, dir + "/users.csv"]).status, 0)
        let journal = dir + "/tiers.journal"
        let result = try run([example("bulk-parallel.lua"), pool, journal])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "updated=6 unchanged=4 failed=0 skipped=0\n")
        XCTAssertTrue(result.stderr.contains("tiers: 10 done, 0 skipped, 0 failed"), result.stderr)
        XCTAssertEqual(try XCTUnwrap(attributes(pool, "judy@example.net"))["custom:tier"], "standard")
        XCTAssertEqual(try XCTUnwrap(attributes(pool, "alice@example.com"))["custom:tier"], "gold", "a tier already set stays")
        let again = try run([example("bulk-parallel.lua"), pool, journal])
        XCTAssertEqual(again.stdout, "updated=0 unchanged=0 failed=0 skipped=10\n", "the journal says every user is done")
    }

    func testBulkUpdateCountsEachOutcomeAndUpdatesTheUsers() throws {
        let pool = try seed()
        let result = try run([example("bulk-update.lua"), pool, dir + "/users.csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "updated=4 missing=1 conflicts=1 failed=0\n")
        XCTAssertTrue(result.stderr.contains("no such user: ghost@example.com"), result.stderr)
        XCTAssertTrue(result.stderr.contains("heidi@example.com: alice@example.com already belongs to another user"), result.stderr)

        let alice = try XCTUnwrap(attributes(pool, "alice@example.com"))
        XCTAssertEqual(alice["custom:tier"], "gold")
        XCTAssertEqual(alice["email_verified"], "true")
        // Bob's address was lowered; he now signs in with the new one.
        let bob = try XCTUnwrap(attributes(pool, "bob@example.com"))
        XCTAssertEqual(bob["email"], "bob@example.com")
        XCTAssertEqual(bob["custom:tier"], "silver")
        XCTAssertEqual(bob["email_verified"], "true")
        // An empty email column leaves the address alone.
        let carol = try XCTUnwrap(attributes(pool, "carol@example.com"))
        XCTAssertEqual(carol["email"], "carol@example.com")
        XCTAssertEqual(carol["custom:tier"], "gold")
        // The conflicting row changed nothing.
        let heidi = try XCTUnwrap(attributes(pool, "heidi@example.com"))
        XCTAssertEqual(heidi["email"], "heidi@example.com")
        XCTAssertNil(heidi["custom:tier"])
        XCTAssertNil(heidi["email_verified"])
        XCTAssertNil(try attributes(pool, "ghost@example.com"))
        // Users not in the file are untouched.
        XCTAssertNil(try XCTUnwrap(attributes(pool, "judy@example.net"))["custom:tier"])
    }

    func testBulkUpdateTakesThePoolFromTheEnvironmentAndFailsOnBadRows() throws {
        let pool = try seed()
        try """
        username,email,tier
        judy@example.net,,gold
        ,nobody@example.com,gold
        grace@example.org,grace@example.org,\(String(repeating: "x", count: 3000))

        """.write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let result = try run([example("bulk-update.lua"), dir + "/bad.csv"], environment: ["COGSH_POOL_ID": pool])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, "updated=1 missing=0 conflicts=0 failed=2\n")
        XCTAssertTrue(result.stderr.contains("ValidationError: Username: length 0 is below the minimum 1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("exceeds the maximum 2048"), result.stderr)
        XCTAssertEqual(try attributes(pool, "judy@example.net")?["custom:tier"], "gold")
        XCTAssertNil(try attributes(pool, "grace@example.org")?["custom:tier"])
    }

    func testBulkUpdateStopsOnAnErrorAboutTheWholeRun() throws {
        let pool = try seed()
        // A pool that does not exist: the first row ends the run with the service's status.
        let result = try run([example("bulk-update.lua"), pool + "0", dir + "/users.csv"])
        XCTAssertEqual(result.status, 254, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("ResourceNotFoundException"), result.stderr)
        let usage = try run([example("bulk-update.lua")])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("usage:"), usage.stderr)
    }

    func testVerifyEmailsByPrefix() throws {
        let pool = try seed()
        let one = try run([example("verify-emails.lua"), pool, "alice"])
        XCTAssertEqual(one.status, 0, one.stderr)
        let lines = one.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, one.stdout)
        XCTAssertTrue(lines[0].hasSuffix("\talice@example.com"), lines[0])
        XCTAssertEqual(lines.last, "verified=1")
        XCTAssertEqual(try attributes(pool, "alice@example.com")?["email_verified"], "true")
        XCTAssertNil(try attributes(pool, "carol@example.com")?["email_verified"])

        // Everyone else: erin was verified already, alice just now.
        let all = try run([example("verify-emails.lua"), pool, ""])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stdout.hasSuffix("verified=8\n"), all.stdout)
        XCTAssertFalse(all.stdout.contains("alice@example.com"), all.stdout)
        XCTAssertFalse(all.stdout.contains("erin@example.com"), all.stdout)
        for user in ["carol@example.com", "DAVE@EXAMPLE.COM", "judy@example.net"] {
            XCTAssertEqual(try attributes(pool, user)?["email_verified"], "true", user)
        }
        let again = try run([example("verify-emails.lua"), pool, ""])
        XCTAssertEqual(again.stdout, "verified=0\n")
    }

    func testVerifyEmailsDryRunSendsNoUpdate() throws {
        let pool = try seed()
        let result = try run(["--dry-run", example("verify-emails.lua"), pool, "carol"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix("verified=1\n"), result.stdout)
        XCTAssertTrue(result.stderr.contains("dry-run: AdminUpdateUserAttributes"), result.stderr)
        XCTAssertNil(try attributes(pool, "carol@example.com")?["email_verified"])
    }

    func testCopyAttributeSkipsUsersWithoutTheSource() throws {
        let pool = try seed()
        let first = try run([example("copy-attribute.lua"), pool])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "copied=7 skipped=3 unchanged=0\n")
        XCTAssertEqual(try attributes(pool, "Bob@Example.com")?["custom:display_name"], "Bob")
        XCTAssertNil(try attributes(pool, "DAVE@EXAMPLE.COM")?["custom:display_name"])
        let second = try run([example("copy-attribute.lua"), pool, "name", "display_name"])
        XCTAssertEqual(second.stdout, "copied=0 skipped=3 unchanged=7\n")
        // Another source: every user has an email, so nobody is skipped.
        let email = try run([example("copy-attribute.lua"), pool, "email", "custom:tier"])
        XCTAssertEqual(email.stdout, "copied=10 skipped=0 unchanged=0\n", email.stderr)
        XCTAssertEqual(try attributes(pool, "judy@example.net")?["custom:tier"], "judy@example.net")
    }

    func testNightlyMaintenanceLowersAddressesAndLogsJSON() throws {
        let pool = try seed()
        let result = try run(["--log-format", "json", example("nightly-maintenance.lua"), pool])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let lines = try jsonLines(result.stderr)
        XCTAssertEqual(lines.first?["msg"], "nightly: start pool=\(pool)")
        XCTAssertEqual(lines.last?["msg"], "nightly: done pool=\(pool) checked=10 changed=3 failed=0")
        XCTAssertEqual(lines.filter { $0["msg"]?.contains(" -> ") == true }.count, 3)
        XCTAssertTrue(lines.allSatisfy { $0["level"] == "info" && $0["time"] != nil }, result.stderr)
        XCTAssertEqual(try attributes(pool, "dave@example.com")?["email"], "dave@example.com")
        XCTAssertEqual(try attributes(pool, "ivan@example.net")?["email"], "ivan@example.net")
        // A second night has nothing to do.
        let again = try run(["--log-format", "json", example("nightly-maintenance.lua"), pool])
        XCTAssertEqual(try jsonLines(again.stderr).last?["msg"], "nightly: done pool=\(pool) checked=10 changed=0 failed=0")
    }

    func testNightlyMaintenanceExitsOneWhenAUserFails() throws {
        let pool = try seed()
        // ERIN@example.com lowers to erin's address, which another user holds.
        let add = try run(["-e", "cognito.admin_create_user{ UserPoolId = \(luaString(pool)), Username = 'ERIN@example.com', MessageAction = 'SUPPRESS' }"])
        XCTAssertEqual(add.status, 0, add.stderr)
        let result = try run(["--log-format", "json", example("nightly-maintenance.lua"), pool])
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = try jsonLines(result.stderr)
        XCTAssertEqual(lines.last?["msg"], "nightly: done pool=\(pool) checked=11 changed=3 failed=1")
        let warning = try XCTUnwrap(lines.first { $0["level"] == "warn" })
        XCTAssertTrue(warning["msg"]?.contains("AliasExistsException") == true, result.stderr)
        XCTAssertEqual(try attributes(pool, "ERIN@example.com")?["email"], "ERIN@example.com")
    }

    func testRunExampleScriptIsExecutable() throws {
        let path = RepoPaths.root + "/scripts/run-example"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("examples/seed-local-pool.lua") && text.contains("examples/bulk-update.lua"))
    }

    /// The script's log lines; the run summary that --log-format json ends every run
    /// with (its counts are objects, not strings) must be the last line and is dropped.
    func jsonLines(_ text: String) throws -> [[String: String]] {
        var lines = text.split(separator: "\n")
        let last = try XCTUnwrap(lines.popLast(), "no run summary")
        let summary = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        XCTAssertEqual(summary?["summary"] as? Bool, true, "the last line is the run summary: \(last)")
        return try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try XCTUnwrap(object as? [String: String], "not a JSON log line: \(line)")
        }
    }
}
