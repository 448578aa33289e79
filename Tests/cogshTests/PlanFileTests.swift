import Foundation
import TestSupport
import XCTest

/// Plan files without a server: the summary `--plan-show` prints, the refusals of a
/// truncated or edited plan (ConfigError, exit 253, naming the line) before anything is
/// sent, what `--plan` will not record, and how the options go together (exit 2).
final class PlanFileTests: XCTestCase {
    static let header = #"{"cogsh_plan":1,"id":"t-1","pool":"us-east-1_Test1","region":"us-east-1","account":"123456789012","identity":"arn:aws:iam::123456789012:user/alice","created":"2026-01-01T00:00:00Z","script":"tiers.lua","args":["x"]}"#

    static func user(_ name: String, _ attributes: String) -> String {
        #"{"Username":"\#(name)","Enabled":true,"UserStatus":"CONFIRMED","UserAttributes":[\#(attributes)]}"#
    }

    static let calls = [
        #"{"n":1,"op":"AdminUpdateUserAttributes","input":{"UserPoolId":"us-east-1_Test1","Username":"alice","UserAttributes":[{"Name":"email","Value":"new@example.com"}]},"before":\#(user("alice", #"{"Name":"email","Value":"old@example.com"}"#))}"#,
        #"{"n":2,"op":"AdminUpdateUserAttributes","input":{"UserPoolId":"us-east-1_Test1","Username":"bob","UserAttributes":[{"Name":"custom:tier","Value":"gold"}]},"before":\#(user("bob", ""))}"#,
        #"{"n":3,"op":"AdminResetUserPassword","input":{"UserPoolId":"us-east-1_Test1","Username":"alice"},"before":\#(user("alice", #"{"Name":"email","Value":"old@example.com"}"#))}"#,
        #"{"n":4,"op":"AdminUserGlobalSignOut","input":{"UserPoolId":"us-east-1_Test1","Username":"bob"},"before":\#(user("bob", ""))}"#,
    ]
    static let end = #"{"cogsh_plan_end":true,"calls":4}"#

    func write(_ lines: [String], _ name: String, in dir: String, newline: Bool = true) throws -> String {
        let path = dir + "/" + name
        try (lines.joined(separator: "\n") + (newline ? "\n" : "")).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testPlanShowSummarizesTheFile() throws {
        let dir = try planDirectory()
        _ = try write([Self.header] + Self.calls + [Self.end], "tiers.plan", in: dir)
        let r = try planRun(["--plan-show", "tiers.plan"], endpoint: nil, in: dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "plan tiers.plan: 4 calls on us-east-1_Test1 (us-east-1, account 123456789012), made "
            + "2026-01-01T00:00:00Z by arn:aws:iam::123456789012:user/alice from tiers.lua x")
        XCTAssertTrue(lines.contains("  users touched: 2; more than once: 2 (alice ×2, bob ×2)"), r.stdout)
        XCTAssertTrue(lines.contains("    AdminUpdateUserAttributes    2"), r.stdout)
        XCTAssertTrue(lines.contains(#"    email (1 user): "old@example.com" → "new@example.com" ×1"#), r.stdout)
        XCTAssertTrue(lines.contains(#"    custom:tier (1 user): (absent) → "gold" ×1"#), r.stdout)
        XCTAssertTrue(lines.contains("  cannot be undone: 2 calls (AdminResetUserPassword 1, AdminUserGlobalSignOut 1)"), r.stdout)
        XCTAssertEqual(r.stderr, "")
    }

    /// Each fault names the file and the line, exit 253, whether shown or applied (an
    /// apply reads and checks the whole file before it asks anything of the network).
    func testTruncatedAndEditedPlansAreConfigErrorsNamingTheLine() throws {
        let dir = try planDirectory()
        let good = [Self.header] + Self.calls + [Self.end]
        var badPool = Self.calls
        badPool[2] = badPool[2].replacingOccurrences(of: "us-east-1_Test1", with: "us-east-1_Prod9")
        var password = Self.calls
        password[2] = #"{"n":3,"op":"AdminSetUserPassword","input":{"UserPoolId":"us-east-1_Test1","Username":"alice","Password":"Hunter2-hunter2","Permanent":true}}"#
        var invalid = Self.calls
        invalid[1] = invalid[1].replacingOccurrences(of: #""Name":"custom:tier""#, with: #""Name":"""#)
        let cases: [(String, [String], Bool, String)] = [
            ("cut.plan", Array(good.prefix(3)) + [String(good[3].prefix(40))], false,
             "plan cut.plan: line 4 is cut short (the file does not end with a newline)"),
            ("noend.plan", Array(good.dropLast()), true, "plan noend.plan: line 6 is missing: a plan ends with"),
            ("json.plan", [Self.header, "{\"n\":1,"] + Self.calls.dropFirst() + [Self.end], true, "plan json.plan: line 2 is not JSON"),
            ("op.plan", [Self.header] + Self.calls.map { $0.replacingOccurrences(of: "AdminUserGlobalSignOut", with: "AdminUserGlobalSignOff") } + [Self.end], true,
             #"plan op.plan: line 5 names no Cognito operation: "AdminUserGlobalSignOff""#),
            ("pool.plan", [Self.header] + badPool + [Self.end], true,
             "plan pool.plan: line 4 is a call on the pool us-east-1_Prod9, but the plan is for us-east-1_Test1"),
            ("secret.plan", [Self.header] + password + [Self.end], true, "plan secret.plan: line 4 holds a credential (Password)"),
            ("count.plan", [Self.header] + Self.calls.dropLast() + [Self.end], true,
             "plan count.plan: line 5 says the plan holds 4 calls, but the file holds 3"),
            ("header.plan", [#"{"n":1}"#] + Self.calls + [Self.end], true, "plan header.plan: line 1 is not a cogsh plan header"),
            ("order.plan", [Self.header, Self.calls[1], Self.calls[0]] + Self.calls.dropFirst(2) + [Self.end], true,
             "plan order.plan: line 3 has call number 1 after 2"),
        ]
        for (name, lines, newline, message) in cases {
            _ = try write(lines, name, in: dir, newline: newline)
            for verb in ["--plan-show", "--apply"] {
                let r = try planRun([verb, name], endpoint: "http://127.0.0.1:9", in: dir)
                XCTAssertEqual(r.status, 253, "\(verb) \(name): \(r.stderr)")
                XCTAssertTrue(r.stderr.hasPrefix("cogsh: ConfigError: " + message), "\(verb) \(name): \(r.stderr)")
                XCTAssertEqual(r.stdout, "")
            }
        }
        // The model checks every call again before the apply: an edit it refuses names the line.
        _ = try write([Self.header] + invalid + [Self.end], "invalid.plan", in: dir)
        let r = try planRun(["--apply", "invalid.plan"], endpoint: "http://127.0.0.1:9", in: dir)
        XCTAssertEqual(r.status, 253, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("cogsh: ConfigError: plan invalid.plan: line 3 is not a valid AdminUpdateUserAttributes: "
            + "UserAttributes[1].Name: length 0 is below the minimum 1"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/invalid.plan.journal"), "nothing begun")
    }

    /// A run that records nothing still leaves a private, appliable (empty) plan.
    func testAnEmptyPlanIsPrivateAndAppliesAsNothing() throws {
        let dir = try planDirectory()
        let planned = try planRun(["--plan", "empty.plan", "-e", "print('no calls')"], endpoint: "http://127.0.0.1:9", in: dir)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertEqual(planned.stdout, "no calls\n")
        XCTAssertTrue(planned.stderr.contains("plan empty.plan: 0 calls (no calls)"), planned.stderr)
        XCTAssertEqual(try fileMode(dir + "/empty.plan"), 0o600)
        let lines = try planLines(dir + "/empty.plan")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[0]["pool"] is NSNull)
        XCTAssertEqual(lines[1]["calls"] as? Int, 0)
        let applied = try planRun(["--apply", "empty.plan"], endpoint: "http://127.0.0.1:9", in: dir)
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertTrue(applied.stderr.contains("holds no calls: nothing to apply"), applied.stderr)
    }

    /// Calls a plan cannot hold are ValidationErrors in the script (exit 252 uncaught,
    /// nothing sent); a run that fails leaves a plan without its end line, which no
    /// apply takes; a plan that was applied is not planned over.
    func testWhatAPlanRefuses() throws {
        let dir = try planDirectory()
        let refusals = [
            ("cognito.admin_set_user_password{ UserPoolId = 'us-east-1_Test1', Username = 'a', Password = 'Hunter2-hunter2', Permanent = true }",
             "carries a credential (Password), and a plan file never holds one"),
            ("cognito.admin_create_user{ UserPoolId = 'us-east-1_Test1', Username = 'a', TemporaryPassword = 'Hunter2-hunter2' }",
             "carries a credential (TemporaryPassword)"),
            ("cognito.create_user_pool{ PoolName = 'new' }", "is not a call on a user pool (it has no UserPoolId)"),
        ]
        for (source, message) in refusals {
            let r = try planRun(["--plan", "refused.plan", "-e", source], endpoint: "http://127.0.0.1:9", in: dir)
            XCTAssertEqual(r.status, 252, r.stderr)
            XCTAssertTrue(r.stderr.contains("ValidationError: --plan: ") && r.stderr.contains(message), r.stderr)
            XCTAssertFalse(r.stderr.contains("Hunter2"), "the password is not repeated")
            XCTAssertTrue(r.stderr.contains("plan refused.plan is incomplete: the run ended with status 252"), r.stderr)
            let content = try String(contentsOfFile: dir + "/refused.plan", encoding: .utf8)
            XCTAssertFalse(content.contains("Hunter2"))
            let applied = try planRun(["--apply", "refused.plan"], endpoint: "http://127.0.0.1:9", in: dir)
            XCTAssertEqual(applied.status, 253, applied.stderr)
        }
        _ = FileManager.default.createFile(atPath: dir + "/done.plan.journal", contents: Data("# cogsh task.map journal v1\n".utf8))
        let again = try planRun(["--plan", "done.plan", "-e", ""], endpoint: "http://127.0.0.1:9", in: dir)
        XCTAssertEqual(again.status, 253, again.stderr)
        XCTAssertTrue(again.stderr.contains("done.plan.journal is there, so this plan has been applied"), again.stderr)
        // A plan file that cannot be finished ends the run 253, even through os.exit(0).
        for exit in ["", " os.exit(0)"] {
            let lost = try planRun(["--plan", "lost.plan", "-e", "os.remove('lost.plan')" + exit], endpoint: "http://127.0.0.1:9", in: dir)
            XCTAssertEqual(lost.status, 253, lost.stderr)
            XCTAssertTrue(lost.stderr.contains("plan lost.plan: cannot read the plan"), lost.stderr)
        }
    }

    func testOptionsThatDoNotGoTogetherAreUsageErrors() throws {
        let dir = try planDirectory()
        let cases: [([String], String)] = [
            (["--apply", "p", "script.lua"], "--apply and --plan-show take no script"),
            (["--plan-show", "p", "-e", "print(1)"], "--apply and --plan-show take no script"),
            (["--plan", "p"], "--plan needs a script"),
            (["--plan", "p", "--apply", "q"], "--plan, --plan-show and --apply cannot be used together"),
            (["--force", "-e", "print(1)"], "--force goes with --apply"),
            (["--snapshot", "s.sqlite", "-e", "print(1)"], "--snapshot goes with --plan"),
            (["--dry-run", "--apply", "p"], "--dry-run cannot be used with --plan"),
            (["--plan", "p", "-i", "x.lua"], "--plan records a script's calls; it cannot be used with -i"),
        ]
        for (args, message) in cases {
            let r = try planRun(args, endpoint: nil, in: dir)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        let help = try planRun(["--help"], endpoint: nil, in: dir)
        for option in ["--plan <PLAN>", "--plan-show <PLAN>", "--apply <PLAN>", "--force", "--snapshot <FILE>"] {
            XCTAssertTrue(help.stdout.contains(option), "\(option) in --help")
        }
    }
}
