import Foundation
import Snapshot
import TestSupport
import XCTest

/// Restores against the stand-in under the published quotas, where what was sent can be
/// counted: a dry run sends nothing that changes anything; a restore killed at any
/// instant goes on and ends with every user once; pools whose usernames are e-mail
/// addresses get new internal usernames, recorded and matched by alias; SMS MFA
/// preferences come back where the target allows them.
final class RestoreStandInTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("cogsh-restore-si")
    }

    /// A source pool with a custom attribute, groups (few memberships: they are paced at
    /// 25 a second), MFA with SMS, an identity provider (so a few federated users), and
    /// an empty target of the same settings.
    static func pools(users: Int, emailUsernames: Bool = false) -> [StandInServer.PoolSpec] {
        let common: [String: Any] = ["memberships": [0.7, 0.3, 0, 0], "mfa": 0.2]
        var source = StandInServer.PoolSpec(id: "us-east-1_Source", users: users, seed: 21, groups: 3, customAttributes: ["tier"],
                                            usernameAttributes: emailUsernames ? ["email"] : nil, mfaConfiguration: "OPTIONAL",
                                            extra: common.merging(["identity_providers": [["ProviderName": "Google", "ProviderType": "Google"]]]) { $1 })
        source["federated"] = 0.03
        let target = StandInServer.PoolSpec(id: "us-east-1_Target", users: 0, seed: 22, customAttributes: ["tier"],
                                            usernameAttributes: emailUsernames ? ["email"] : nil, mfaConfiguration: "OPTIONAL")
        return [source, target]
    }

    func start(users: Int, emailUsernames: Bool = false) throws -> (StandInServer, String) {
        let standIn = try StandInServer(latency: 0.02, categories: StandInServer.allPublishedQuotas,
                                        pools: Self.pools(users: users, emailUsernames: emailUsernames), strictPools: true)
        let file = directory + "/source.sqlite"
        let r = try run(standIn, ["-m", "backup", "us-east-1_Source", file, "--details"])
        XCTAssertEqual(r.status, 0, r.stderr)
        try standIn.reset()
        return (standIn, file)
    }

    func run(_ s: StandInServer, _ args: [String], line: UInt = #line) throws -> CommandResult {
        try cogsh(["--endpoint-url", s.endpoint] + args, environment: TestSecrets.environment(), limit: 180, line: line)
    }

    /// What a restore carries over of a pool's users (federated ones are not restored),
    /// keyed by username or by `alias`.
    static func carried(_ dump: StandInServer.PoolDump, alias: String? = nil) -> [String: String] {
        var out: [String: String] = [:]
        for u in dump.users where u.status != "EXTERNAL_PROVIDER" {
            var attributes = u.attributes
            attributes["sub"] = nil
            let key = alias.flatMap { attributes[$0] } ?? u.username
            out[key] = "\(attributes.sorted { $0.key < $1.key }) enabled=\(u.enabled) groups=\(u.groups.sorted())"
        }
        return out
    }

    func testADryRunSendsNothingThatChangesAnything() throws {
        let (s, file) = try start(users: 200)
        defer { s.stop() }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let r = try run(s, ["-m", "restore", file, "us-east-1_Target", "--dry-run"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Nor writes anything: the snapshot as it was, no journal made.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), bytes, "the snapshot unchanged")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file + ".restore-us-east-1_Target.journal"))
        for expected in ["passwords", "sub", "federated", "TOTP", "calls: ", "dry run: nothing was sent"] {
            XCTAssertTrue(r.stdout.contains(expected), "\(expected) in \(r.stdout)")
        }
        let sent = Set(try s.stats().operations.filter { $0.value > 0 }.keys)
        let reads: Set = ["DescribeUserPool", "ListIdentityProviders", "GetUserPoolMfaConfig"]
        XCTAssertTrue(sent.isSubset(of: reads), "only reads: \(sent)")
        XCTAssertEqual(try s.dump(pool: "us-east-1_Target").users.count, 0)
    }

    /// Killed (SIGKILL) at seeded random instants and run again each time: the last run
    /// ends with every user of the snapshot in the target once, none failed, and only the
    /// creations in flight at a kill asked again.
    func testAKilledRestoreGoesOnAndEndsWithEveryUserOnce() throws {
        try skipInTheSanitizerPass()
        let (s, file) = try start(users: 400)
        defer { s.stop() }
        let args = ["--endpoint-url", s.endpoint, "-m", "restore", file, "us-east-1_Target"]
        var rng = SplitMix64(seed: 0x2E_57_02)
        var kills = 0, finished = false
        for _ in 0..<10 {
            let child = try RunningCommand(Executables.cogsh, args, environment: TestSecrets.environment())
            usleep(UInt32(300_000 + rng.next() % 900_000))
            guard child.process.isRunning else { finished = child.finish().status == 0; break }
            kill(child.process.processIdentifier, SIGKILL)
            XCTAssertEqual(child.finish().status, SIGKILL)
            kills += 1
        }
        XCTAssertGreaterThanOrEqual(kills, 8)
        if !finished {
            let last = try run(s, ["-m", "restore", file, "us-east-1_Target"])
            XCTAssertEqual(last.status, 0, last.stderr)
            XCTAssertTrue(last.stderr.contains(" 0 differ (left alone), 0 failed;"), last.stderr)
        }
        let source = try s.dump(pool: "us-east-1_Source"), target = try s.dump(pool: "us-east-1_Target")
        XCTAssertEqual(Self.carried(target), Self.carried(source))
        var creates: [String: Int] = [:]
        for body in try s.requests(operation: "AdminCreateUser") {
            if let name = body["Username"] as? String { creates[name, default: 0] += 1 }
        }
        XCTAssertEqual(creates.count, Self.carried(source).count, "every user asked for")
        // Asked again only when killed in flight: at most the 32 workers' users per kill
        // (the service then answers UsernameExists, and the user, matching, counts as done).
        let again = creates.values.reduce(0, +) - creates.count
        XCTAssertLessThanOrEqual(again, kills * 32, "creations asked again")
        print("restore crash test: \(kills) kills, \(again) creations asked again")
        let subs = try SnapshotReader(path: file)
        defer { subs.close() }
        let rows = try subs.query("SELECT count(*) FROM restored_subs WHERE pool_id = 'us-east-1_Target'", arguments: []).rows
        XCTAssertEqual(rows[0][0], .int(Int64(Self.carried(source).count)))
        XCTAssertEqual(try run(s, ["-m", "verify", file, "us-east-1_Target"]).status, 0)
        // Every creation said it was a restore and sent no invitation.
        for body in try s.requests(operation: "AdminCreateUser") {
            XCTAssertEqual(body["MessageAction"] as? String, "SUPPRESS")
            XCTAssertEqual(body["ClientMetadata"] as? [String: String], ["cogsh": "restore"])
        }
    }

    func testEmailUsernamesGetNewInternalOnesMatchedByAlias() throws {
        let (s, file) = try start(users: 150, emailUsernames: true)
        defer { s.stop() }
        let r = try run(s, ["-m", "restore", file, "us-east-1_Target"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let target = try s.dump(pool: "us-east-1_Target")
        XCTAssertEqual(Self.carried(target, alias: "email"), Self.carried(try s.dump(pool: "us-east-1_Source"), alias: "email"))
        let reader = try SnapshotReader(path: file)
        defer { reader.close() }
        let rows = try reader.query("SELECT username, new_username FROM restored_subs WHERE pool_id = 'us-east-1_Target'", arguments: []).rows
        XCTAssertEqual(rows.count, target.users.count)
        let live = Set(target.users.map(\.username))
        for row in rows {
            guard case .text(let old) = row[0], case .text(let new) = row[1] else { return XCTFail("\(row)") }
            XCTAssertNotEqual(old, new, "the service issued a new internal username")
            XCTAssertTrue(live.contains(new), new)
        }
        XCTAssertEqual(try run(s, ["-m", "verify", file, "us-east-1_Target"]).status, 0, "matched by e-mail")
    }

    func testSMSPreferencesComeBackWhereTheTargetAllowsThem() throws {
        let (s, file) = try start(users: 200)
        defer { s.stop() }
        XCTAssertEqual(try run(s, ["-m", "restore", file, "us-east-1_Target"]).status, 0)
        let source = try s.dump(pool: "us-east-1_Source").usersByName
        var sms = 0
        for u in try s.dump(pool: "us-east-1_Target").users {
            let before = try XCTUnwrap(source[u.username])
            if before.mfaSettings.contains("SMS_MFA") {
                sms += 1
                XCTAssertEqual(u.mfaSettings, ["SMS_MFA"], u.username)
                XCTAssertEqual(u.preferredMfa, before.preferredMfa, u.username)
            } else {
                XCTAssertEqual(u.mfaSettings, [], "TOTP cannot come back: \(u.username)")
            }
        }
        XCTAssertGreaterThan(sms, 0)
    }
}
