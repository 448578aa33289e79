import Foundation
import TestSupport
import XCTest

/// The snapshot examples (find-duplicate-emails, stale-unconfirmed,
/// users-by-custom-attribute) on a snapshot of the Cognito stand-in: moto stamps every
/// user "now", the stand-in keeps the creation dates, statuses and e-mail addresses a
/// test seeds. Each test seeds its own pool, takes it with `cogsh -m backup`, runs an
/// example on the file and compares what it printed line by line.
final class SnapshotExamplesTests: XCTestCase {
    nonisolated(unsafe) static var standIn: StandInServer?
    nonisolated(unsafe) static var startFailure: String?

    override class func setUp() {
        do { standIn = try StandInServer(latency: 0.01, strictPools: true) } catch { startFailure = "\(error)" }
    }

    override class func tearDown() {
        standIn?.stop()
        standIn = nil
    }

    var standIn: StandInServer!
    var dir = ""
    let environment = TestSecrets.environment()

    override func setUpWithError() throws {
        _ = try RepoPaths.requireVenvPython()
        // With a venv, a stand-in that does not start is a failure, not a skip.
        guard let server = Self.standIn else {
            return XCTFail("the stand-in did not start: \(Self.startFailure ?? "unknown reason")")
        }
        standIn = server
        dir = NSTemporaryDirectory() + "cogsh-snapshot-examples-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    // MARK: The pool

    static let day = 86_400.0
    /// Midnight UTC today plus an hour: a creation date N days back falls on a known day.
    let today = (Date().timeIntervalSince1970 / day).rounded(.down) * day + 3600

    func created(_ daysAgo: Int) -> Double { today - Double(daysAgo) * Self.day }

    /// YYYY-MM-DD (UTC) of a user created `daysAgo` days ago, as the examples print it.
    func date(_ daysAgo: Int) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date(timeIntervalSince1970: created(daysAgo)))
    }

    struct Seeded {
        var name: String, status: String, daysAgo: Int, email: String?
        var verified = false, tier: String?, groups: [String] = [], enabled = true
    }

    /// Addresses that collide once case is folded (alice, bob), UNCONFIRMED users of
    /// every age around 30 days, and tiers in several cases.
    static let users = [
        Seeded(name: "alice", status: "CONFIRMED", daysAgo: 400, email: "alice@example.com", verified: true, tier: "gold", groups: ["admins"]),
        Seeded(name: "alice2", status: "UNCONFIRMED", daysAgo: 90, email: "Alice@Example.com"),
        Seeded(name: "bob", status: "CONFIRMED", daysAgo: 200, email: "bob@example.com", verified: true, tier: "silver", groups: ["staff"]),
        Seeded(name: "robert", status: "CONFIRMED", daysAgo: 300, email: "BOB@EXAMPLE.COM", verified: true, tier: "Gold-Plus",
               groups: ["admins", "staff"], enabled: false),
        Seeded(name: "carol", status: "UNCONFIRMED", daysAgo: 5, email: "carol@example.com"),
        Seeded(name: "dave", status: "UNCONFIRMED", daysAgo: 45, email: "dave@example.com"),
        Seeded(name: "erin", status: "UNCONFIRMED", daysAgo: 365, email: "erin@example.com", tier: "gold"),
        Seeded(name: "grace", status: "UNCONFIRMED", daysAgo: 31, email: nil),
        Seeded(name: "heidi", status: "FORCE_CHANGE_PASSWORD", daysAgo: 100, email: "heidi@example.com", tier: "silver"),
        Seeded(name: "ivan", status: "UNCONFIRMED", daysAgo: 60, email: "ivan@example.net"),
    ]

    func sub(_ index: Int, generation: Int = 0) -> String {
        String(format: "%x%07d-0000-4000-8000-%012d", index % 16, index, generation)
    }

    func spec(_ pool: String, _ users: [Seeded], changedSubs: Set<String> = []) -> StandInServer.PoolSpec {
        let list: [[String: Any]] = users.enumerated().map { i, u in
            var attributes: [String: String] = [:]
            if let email = u.email {
                attributes["email"] = email
                attributes["email_verified"] = u.verified ? "true" : "false"
            }
            if let tier = u.tier { attributes["custom:tier"] = tier }
            return ["Username": u.name, "UserStatus": u.status, "Enabled": u.enabled, "UserCreateDate": created(u.daysAgo),
                    "Attributes": attributes, "Groups": u.groups,
                    "sub": sub(i, generation: changedSubs.contains(u.name) ? 1 : 0)]
        }
        return StandInServer.PoolSpec(id: pool, customAttributes: ["tier"], extra: [
            "group_list": [["GroupName": "admins", "Precedence": 1], ["GroupName": "staff", "Precedence": 2]],
            "user_list": list,
        ])
    }

    /// Seeds `pool` and takes it into `dir/<pool>.sqlite`; returns the file.
    func backup(_ pool: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try standIn.seed(spec(pool, Self.users))
        let path = dir + "/\(pool).sqlite"
        let r = try run(["-m", "backup", pool, path])
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains("snapshot \(pool): 10 users, 2 groups, 4 memberships"), r.stderr, file: file, line: line)
        return path
    }

    func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let r = try cogsh(["--endpoint-url", standIn.endpoint] + arguments, environment: environment, limit: 120, file: file, line: line)
        XCTAssertFalse(r.killed, "the run hung", file: file, line: line)
        return r
    }

    func example(_ name: String) -> String { RepoPaths.root + "/examples/" + name }

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    // MARK: find-duplicate-emails.lua

    func testFindDuplicateEmailsGroupsAddressesThatDifferOnlyInCase() throws {
        let file = try backup("us-east-1_Dups1")
        let r = try run([example("find-duplicate-emails.lua"), file])
        XCTAssertEqual(r.status, 1, "duplicates found: exit 1\n" + r.stderr)
        XCTAssertEqual(lines(r.stdout), [
            "alice@example.com\talice\talice@example.com\tCONFIRMED\tenabled\tverified\t\(date(400))",
            "alice@example.com\talice2\tAlice@Example.com\tUNCONFIRMED\tenabled\tunverified\t\(date(90))",
            "bob@example.com\trobert\tBOB@EXAMPLE.COM\tCONFIRMED\tdisabled\tverified\t\(date(300))",
            "bob@example.com\tbob\tbob@example.com\tCONFIRMED\tenabled\tverified\t\(date(200))",
        ])
        XCTAssertTrue(r.stderr.contains("find-duplicate-emails: 2 addresses shared by 4 users (snapshot of us-east-1_Dups1 taken "),
                      r.stderr)
    }

    func testFindDuplicateEmailsExitsZeroWhenThereAreNone() throws {
        let pool = "us-east-1_Dups2"
        try standIn.seed(spec(pool, Self.users.filter { $0.name != "alice2" && $0.name != "robert" }))
        let file = dir + "/clean.sqlite"
        XCTAssertEqual(try run(["-m", "backup", pool, file]).status, 0)
        let r = try run(["--log-format", "json", example("find-duplicate-emails.lua"), file])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains(#""msg":"find-duplicate-emails: 0 addresses shared by 0 users"#), r.stderr)
        let usage = try run([example("find-duplicate-emails.lua")])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.hasPrefix("usage: cogsh examples/find-duplicate-emails.lua SNAPSHOT"), usage.stderr)
        let missing = try run([example("find-duplicate-emails.lua"), dir + "/none.sqlite"])
        XCTAssertEqual(missing.status, 253, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }

    // MARK: users-by-custom-attribute.lua

    func testUsersByCustomAttributeWithAnyValueAndWithPatterns() throws {
        let file = try backup("us-east-1_Tier1")
        let any = try run([example("users-by-custom-attribute.lua"), file, "custom:tier"])
        XCTAssertEqual(any.status, 0, any.stderr)
        XCTAssertEqual(lines(any.stdout), [
            "alice\tgold\talice@example.com\tCONFIRMED\tadmins",
            "bob\tsilver\tbob@example.com\tCONFIRMED\tstaff",
            "erin\tgold\terin@example.com\tUNCONFIRMED\t",
            "heidi\tsilver\theidi@example.com\tFORCE_CHANGE_PASSWORD\t",
            "robert\tGold-Plus\tBOB@EXAMPLE.COM\tCONFIRMED\tadmins,staff",
        ])
        XCTAssertTrue(any.stderr.contains("users-by-custom-attribute: 5 users with custom:tier"), any.stderr)

        // LIKE: letters match either case; % is any text.
        let exact = try run([example("users-by-custom-attribute.lua"), file, "custom:tier", "GOLD"])
        XCTAssertEqual(lines(exact.stdout).map { $0.prefix { $0 != "\t" } }, ["alice", "erin"])
        let prefix = try run([example("users-by-custom-attribute.lua"), file, "custom:tier", "gold%"])
        XCTAssertEqual(lines(prefix.stdout).map { $0.prefix { $0 != "\t" } }, ["alice", "erin", "robert"])
        XCTAssertTrue(prefix.stderr.contains("3 users with custom:tier like 'gold%'"), prefix.stderr)
        let domain = try run([example("users-by-custom-attribute.lua"), file, "email", "%@example.net"])
        XCTAssertEqual(lines(domain.stdout), ["ivan\tivan@example.net\tivan@example.net\tUNCONFIRMED\t"])
    }

    func testUsersByCustomAttributeFindingNoneExitsOneAndNamesThePrefix() throws {
        let file = try backup("us-east-1_Tier2")
        let r = try run([example("users-by-custom-attribute.lua"), file, "tier"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("no user has tier; custom attributes are named with their prefix: custom:tier"), r.stderr)
        let none = try run([example("users-by-custom-attribute.lua"), file, "custom:tier", "platinum"])
        XCTAssertEqual(none.status, 1)
        XCTAssertFalse(none.stderr.contains("prefix"), none.stderr)
        XCTAssertEqual(try run([example("users-by-custom-attribute.lua"), file]).status, 2)
    }

    // MARK: stale-unconfirmed.lua

    /// Since the snapshot: dave confirmed, grace was deleted and signed up again (a new
    /// sub), ivan was deleted. Of the UNCONFIRMED users over 30 days old only erin and
    /// alice2 are still what the snapshot says; carol (5 days) is too young.
    func testStaleUnconfirmedDryRunThenDeletesOnlyWhatIsStillStale() throws {
        let pool = "us-east-1_Stale1"
        let file = try backup(pool)
        var live = Self.users.filter { $0.name != "ivan" }
        live[live.firstIndex { $0.name == "dave" }!].status = "CONFIRMED"
        try standIn.seed(spec(pool, live, changedSubs: ["grace"]))
        try standIn.reset()
        let journal = file + ".stale-unconfirmed.journal"
        let kept = [
            "ivan\t\(date(60))\tivan@example.net\tgone",
            "dave\t\(date(45))\tdave@example.com\tkept: now CONFIRMED",
            "grace\t\(date(31))\t\tkept: signed up again",
        ]

        let dry = try run(["--dry-run", example("stale-unconfirmed.lua"), file, pool, "30"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertEqual(lines(dry.stdout).sorted(), (kept + [
            "erin\t\(date(365))\terin@example.com\twould delete",
            "alice2\t\(date(90))\tAlice@Example.com\twould delete",
        ]).sorted())
        XCTAssertEqual(try standIn.requests(operation: "AdminDeleteUser").count, 0, "a dry run deletes nobody")
        XCTAssertEqual(dry.stderr.components(separatedBy: "dry-run: AdminDeleteUser").count - 1, 2, dry.stderr)
        XCTAssertTrue(dry.stderr.contains("stale-unconfirmed: would delete 2, kept 2, gone 1, skipped 0 (journaled)"), dry.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal), "a dry run journals nothing")
        XCTAssertEqual(try standIn.dump(pool: pool).users.count, 9)

        let real = try run([example("stale-unconfirmed.lua"), file, pool, "30"])
        XCTAssertEqual(real.status, 0, real.stderr)
        XCTAssertEqual(lines(real.stdout).sorted(), (kept + [
            "erin\t\(date(365))\terin@example.com\tdeleted",
            "alice2\t\(date(90))\tAlice@Example.com\tdeleted",
        ]).sorted())
        let deleted = try standIn.requests(operation: "AdminDeleteUser").compactMap { $0["Username"] as? String }
        XCTAssertEqual(deleted.sorted(), ["alice2", "erin"])
        XCTAssertEqual(try standIn.dump(pool: pool).users.map(\.username).sorted(),
                       live.map(\.name).filter { $0 != "erin" && $0 != "alice2" }.sorted())
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal))

        // The journal holds every candidate: the same command again has nothing to do.
        let again = try run([example("stale-unconfirmed.lua"), file, pool, "30"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "")
        XCTAssertTrue(again.stderr.contains("deleted 0, kept 0, gone 0, skipped 5 (journaled)"), again.stderr)
        XCTAssertEqual(try standIn.requests(operation: "AdminDeleteUser").count, 2)
    }

    func testStaleUnconfirmedRefusesAnotherPoolsSnapshotAndBadArguments() throws {
        let file = try backup("us-east-1_Stale2")
        try standIn.seed(spec("us-east-1_Stale3", Self.users))
        try standIn.reset()
        let other = try run([example("stale-unconfirmed.lua"), file, "us-east-1_Stale3", "30"])
        XCTAssertEqual(other.status, 2, other.stderr)
        XCTAssertTrue(other.stderr.contains("stale-unconfirmed: \(file) is a snapshot of us-east-1_Stale2, not of us-east-1_Stale3"),
                      other.stderr)
        XCTAssertEqual(try standIn.requests().count, 0, "refused before any call")
        for args in [[file, "us-east-1_Stale2"], [file, "us-east-1_Stale2", "0"], [file, "us-east-1_Stale2", "a week"]] {
            let r = try run([example("stale-unconfirmed.lua")] + args)
            XCTAssertEqual(r.status, 2, "\(args)")
            XCTAssertTrue(r.stderr.hasPrefix("usage: cogsh [--dry-run] examples/stale-unconfirmed.lua SNAPSHOT POOL_ID DAYS"), r.stderr)
        }
        XCTAssertEqual(try standIn.dump(pool: "us-east-1_Stale3").users.count, 10)

        // The pool itself gone: no per-user outcome, the job stops with the service's status.
        XCTAssertEqual(try run(["-e", "cognito.delete_user_pool{ UserPoolId = 'us-east-1_Stale2' }"]).status, 0)
        let stopped = try run([example("stale-unconfirmed.lua"), file, "us-east-1_Stale2", "30"])
        XCTAssertEqual(stopped.status, 254, stopped.stderr)
        XCTAssertEqual(stopped.stdout, "")
        XCTAssertTrue(stopped.stderr.contains("ResourceNotFoundException"), stopped.stderr)
    }

    // MARK: docs/SNAPSHOTS.md

    /// Every ```lua and ```sql fence of docs/SNAPSHOTS.md, in the document's order (the
    /// first takes pool.sqlite), on a seeded pool: "pool.sqlite", "yesterday.sqlite" and
    /// us-east-1_XXXX stand for the test's files and pool. SQL runs through -m query.
    func testTheDocumentsSnippetsAndRecipesRun() throws {
        let pool = "us-east-1_Docs1"
        try standIn.seed(spec(pool, Self.users))
        XCTAssertEqual(try run(["-m", "backup", pool, dir + "/yesterday.sqlite"]).status, 0)
        let text = try String(contentsOfFile: RepoPaths.root + "/docs/SNAPSHOTS.md", encoding: .utf8)
        var fences: [(lang: String, line: Int, code: String)] = [], open: (lang: String, line: Int, code: String)?
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if line == "```" && open != nil { fences.append(open!); open = nil } else if open != nil { open!.code += line + "\n" }
            else if line == "```lua" || line == "```sql" { open = (String(line.dropFirst(3)), i + 1, "") }
        }
        XCTAssertGreaterThanOrEqual(fences.filter { $0.lang == "sql" }.count, 12)
        XCTAssertGreaterThanOrEqual(fences.filter { $0.lang == "lua" }.count, 3)
        for fence in fences {
            let code = fence.code.replacingOccurrences(of: "us-east-1_XXXX", with: pool)
                .replacingOccurrences(of: "\"pool.sqlite\"", with: "\"\(dir)/pool.sqlite\"")
                .replacingOccurrences(of: "\"yesterday.sqlite\"", with: "\"\(dir)/yesterday.sqlite\"")
            let r = try run(fence.lang == "lua" ? ["-e", code] : ["-m", "query", dir + "/pool.sqlite", code])
            XCTAssertEqual(r.status, 0, "docs/SNAPSHOTS.md:\(fence.line): \(r.stderr)")
            if fence.lang == "sql" { XCTAssertEqual(r.stderr, "", "docs/SNAPSHOTS.md:\(fence.line)") }
            if code.contains("HAVING count(*) > 1") {
                XCTAssertEqual(r.stdout.components(separatedBy: "\r\n").map { $0.split(separator: ",").prefix(2).joined(separator: ",") },
                               ["email,users", "alice@example.com,2", "bob@example.com,2", ""], r.stdout)
            }
        }
    }
}
