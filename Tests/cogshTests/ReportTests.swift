import Foundation
import TestSupport
import XCTest

/// `cogsh -m report`: the page's figures against the pool's known shape and against SQL
/// over the same snapshot, escaping, the file's mode, the summary, --compare, and an
/// incomplete snapshot. (ReportBrowserTests opens the page in a real browser.)
final class ReportTests: XCTestCase {
    override class func tearDown() { ReportFixture.removeShared() }

    /// Runs the report under umask 022, as a login shell would.
    func report(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let r = try runCommand("/bin/sh", ["-c", #"umask 022; exec "$0" -m report "$@""#, Executables.cogsh] + args, limit: 60)
        XCTAssertFalse(r.killed, "the report hung", file: file, line: line)
        return r
    }

    func page(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testTheFiguresAreThePoolsShapeAndTheSQLs() throws {
        let f = try ReportFixture.shared()
        let r = try report([f.new])
        let out = f.dir + "/new.html"
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, out + "\n", "the page's path, beside the snapshot")
        XCTAssertTrue(r.stderr.contains("report \(out): \(ReportFixture.pool) in us-east-1, 11 users, MFA 18.2%, 4 of 4 checks found users"),
                      r.stderr)
        XCTAssertEqual(try mode(out), 0o600, "the page names users: private whatever the umask")
        let html = try page(out)

        XCTAssertEqual(ReportPage.text(html, id: "users-counted"), "11")
        XCTAssertEqual(ReportPage.text(html, id: "users-estimated"), "11")
        XCTAssertEqual(ReportPage.text(html, id: "complete"), "complete")
        XCTAssertTrue(html.contains("<title>User pool \(ReportFixture.pool): report of "), "the header names the pool")

        let statuses = ReportPage.dictionary(ReportPage.bars(html, "status"))
        XCTAssertEqual(statuses, ["CONFIRMED": 6, "UNCONFIRMED": 2, "FORCE_CHANGE_PASSWORD": 2, "RESET_REQUIRED": 1])
        XCTAssertEqual(statuses, try ReportPage.counts(f.new, "SELECT status, count(*) FROM users GROUP BY status"))
        XCTAssertEqual(ReportPage.dictionary(ReportPage.bars(html, "enabled")), ["enabled": 9, "disabled": 2])

        // MFA by preferred method (the snapshot has details): 2 of 11 users.
        XCTAssertEqual(ReportPage.dictionary(ReportPage.bars(html, "mfa")),
                       ["SOFTWARE_TOKEN_MFA (authenticator app)": 1, "SMS_MFA (text message)": 1, "no MFA": 9])
        XCTAssertEqual(ReportPage.text(html, id: "mfa-share"), "18.2%")
        XCTAssertEqual(try ReportPage.sql(f.new, "SELECT count(*) FROM users WHERE json_extract(mfa, '$.PreferredMfaSetting') IS NOT NULL"),
                       [["2"]])
        XCTAssertEqual(ReportPage.dictionary(ReportPage.bars(html, "verified")),
                       ["have an e-mail address": 9, "e-mail verified": 1, "have a phone number": 1, "phone number verified": 1])

        // One bar per month from the first account to the last, empty months included.
        let months = ReportPage.bars(html, "created")
        XCTAssertEqual(months.map(\.label), f.months.map(\.month))
        XCTAssertEqual(months.map(\.value), f.months.map(\.count))
        XCTAssertGreaterThan(months.count, 20, "2025-01 to this month")
        XCTAssertEqual(months.filter { $0.value > 0 }.count,
                       try ReportPage.sql(f.new, "SELECT DISTINCT strftime('%Y-%m', created, 'unixepoch') FROM users").count)
        XCTAssertEqual(ReportPage.bars(html, "modified").reduce(0) { $0 + $1.value }, 11)

        // Attribute coverage is SQL's count of each attribute, custom ones included.
        let coverage = ReportPage.dictionary(ReportPage.bars(html, "coverage"))
        XCTAssertEqual(coverage, try ReportPage.counts(f.new, "SELECT name, count(*) FROM attributes GROUP BY name"))
        XCTAssertEqual(coverage["custom:tier"], 1)
        XCTAssertEqual(coverage["email"], 9)

        XCTAssertEqual(ReportPage.dictionary(ReportPage.bars(html, "groups")), ["admins": 2, "staff": 3])
        XCTAssertEqual(ReportPage.text(html, id: "no-group"), "7 users (63.6%)")

        // What needs attention: counts, and the users named.
        let unconfirmed = ReportPage.item(html, "stale-unconfirmed")
        XCTAssertTrue(unconfirmed.contains("<span class=\"count\">1 user</span>") && unconfirmed.contains("<code>dave</code>"), unconfirmed)
        XCTAssertFalse(unconfirmed.contains("erin"), "5 days old is not stale")
        let forced = ReportPage.item(html, "stale-force-change")
        XCTAssertTrue(forced.contains("<span class=\"count\">1 user</span>") && forced.contains("<code>frank</code>"), forced)
        XCTAssertFalse(forced.contains("grace"))
        let duplicates = ReportPage.item(html, "duplicate-emails")
        XCTAssertTrue(duplicates.contains("2 addresses, 4 users"), duplicates)
        XCTAssertTrue(duplicates.contains("<code>alice@example.com</code> — alice, bob") || duplicates.contains("— bob, alice"), duplicates)
        XCTAssertEqual(try ReportPage.sql(f.new, """
            SELECT count(*) FROM (SELECT 1 FROM attributes WHERE name = 'email' GROUP BY lower(value) HAVING count(*) > 1)
            """), [["2"]])
        let disabled = ReportPage.item(html, "disabled-in-groups")
        XCTAssertTrue(disabled.contains("2 users") && disabled.contains("<code>carol</code> — in admins, staff"), disabled)

        // Every value is escaped: the hostile username and e-mail are text, never markup.
        XCTAssertFalse(html.lowercased().contains("<img"), "a value reached the page unescaped")
        XCTAssertTrue(disabled.contains("<code>&lt;img/src=x/onerror=alert(1)&gt;</code>"), disabled)
        XCTAssertTrue(duplicates.contains("<code>&lt;img src=x onerror=alert(1)&gt;@example.com</code>"), duplicates)
        // Self-contained: no script, no link, nothing fetched (the only URL is SVG's namespace).
        XCTAssertFalse(html.contains("<script") || html.contains("<link") || html.contains("url("))
        XCTAssertEqual(html.components(separatedBy: "://").count - 1, html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
    }

    func testCompareCountsUsersAddedRemovedAndChangedPerAttribute() throws {
        let f = try ReportFixture.shared()
        let out = f.dir + "/compare.html"
        let r = try report([f.new, out, "--compare", f.old])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains(", 1 added, 1 removed, 2 changed"), r.stderr)
        let html = try page(out)
        XCTAssertEqual(ReportPage.text(html, id: "compare-added"), "1")
        XCTAssertEqual(ReportPage.text(html, id: "compare-removed"), "1")
        XCTAssertEqual(ReportPage.text(html, id: "compare-changed"), "2")
        XCTAssertEqual(ReportPage.dictionary(ReportPage.bars(html, "changes")), ["given_name": 1, "custom:tier": 1, "(enabled)": 1])
        for row in ["<td><code>given_name</code></td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">0</td>",
                    "<td><code>custom:tier</code></td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td>"] {
            XCTAssertTrue(html.contains(row), row)
        }
        for name in ["ivan", "judy", "alice", "bob"] { XCTAssertTrue(html.contains("<li><code>\(name)</code></li>"), name) }
        // The same differences as -m diff finds (the comparison is snapshot.diff's).
        let diff = try cogsh(["-m", "diff", f.old, f.new])
        XCTAssertEqual(diff.status, 1)
        XCTAssertEqual(Set(diff.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }), ["ivan", "judy", "alice", "bob"])
    }

    /// Without details, MFA is what ListUsers shows: MFAOptions (bob's SMS).
    func testWithoutDetailsMFAIsCountedByMFAOptions() throws {
        let f = try ReportFixture.shared()
        let r = try report([f.old, f.dir + "/old-report.html"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try page(f.dir + "/old-report.html")
        XCTAssertEqual(ReportPage.dictionary(ReportPage.bars(html, "mfa")), ["MFAOptions: SMS": 1, "no MFA": 10])
        XCTAssertEqual(ReportPage.text(html, id: "mfa-share"), "9.1%")
        XCTAssertTrue(html.contains("MFA by MFAOptions"))
    }

    func testJSONSummaryLine() throws {
        let f = try ReportFixture.shared()
        let out = f.dir + "/json.html"
        let j = try runCommand(Executables.cogsh, ["--log-format", "json", "-m", "report", f.new, out])
        XCTAssertEqual(j.status, 0, j.stderr)
        let lines = j.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, j.stdout)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(object["report"] as? String, out)
        XCTAssertEqual(object["users"] as? Int, 11)
        XCTAssertEqual(object["mfa_users"] as? Int, 2)
        XCTAssertEqual(object["complete"] as? Bool, true)
        XCTAssertEqual(object["attention"] as? [String: Int],
                       ["stale-unconfirmed": 1, "stale-force-change": 1, "duplicate-emails": 2, "disabled-in-groups": 2])
        XCTAssertTrue((object["msg"] as? String ?? "").hasPrefix("report \(out): "))
    }

    /// An incomplete snapshot is reported, and said to be incomplete, not refused.
    func testAnIncompleteSnapshotIsReportedAsSuch() throws {
        let f = try ReportFixture.shared()
        let copy = f.dir + "/incomplete.sqlite"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: f.new, toPath: copy)
        let edit = try runCommand("/usr/bin/sqlite3", [copy, "UPDATE meta SET value = '0' WHERE key = 'complete'"])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        let r = try report([copy])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("11 users (incomplete snapshot)"), r.stderr)
        let html = try page(f.dir + "/incomplete.html")
        XCTAssertEqual(ReportPage.text(html, id: "complete"), "incomplete")
        XCTAssertTrue(html.contains("id=\"incomplete\">This snapshot is incomplete"))
    }

    func testUsageErrors() throws {
        for args in [[String](), ["a", "b", "c"], ["--bogus", "x.sqlite"], ["x.sqlite", "--compare"]] {
            let r = try cogsh(["-m", "report"] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("usage: cogsh -m report SNAPSHOT [OUT.html] [--compare OLDER_SNAPSHOT]"), r.stderr)
        }
        let missing = try cogsh(["-m", "report", "/nonexistent/pool.sqlite"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/nonexistent/pool.html"))
    }
}
