import Foundation
import TestSupport
import XCTest

/// `cogsh -m NAME [args]`: jobs built into cogsh, like `python -m`, and how cogsh's own
/// Lua shows in tracebacks.
final class JobTests: XCTestCase {
    func testDashMAloneListsTheJobs() throws {
        let r = try cogsh(["-m"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Jobs built into cogsh"), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"\n  whoami +the identity, region, endpoint and quotas cogsh would use\n"#, options: .regularExpression), r.stdout)
        for job in ["backup", "diff", "query", "restore", "verify", "report"] {
            XCTAssertNotNil(r.stdout.range(of: "\n  \(job) +[A-Z]", options: .regularExpression), job)
        }
    }

    func testAnUnknownJobIsAUsageErrorNamingTheJobs() throws {
        for args in [["-m", "nope"], ["-mnope"], ["--region", "eu-west-1", "-m", "nope", "x"]] {
            let r = try cogsh(args)
            XCTAssertEqual(r.status, 2, "\(args)")
            XCTAssertTrue(r.stderr.hasPrefix("cogsh: no job named 'nope' (cogsh -m lists them: whoami"), r.stderr)
            XCTAssertEqual(r.stdout, "")
        }
    }

    func testSourcePrintsTheJob() throws {
        let r = try cogsh(["-m", "whoami", "--source"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("-- cogsh -m whoami:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("aws.caller_identity()"), r.stdout)
        // What it prints runs as a script of its own: the job uses only the public API.
        let copy = NSTemporaryDirectory() + "whoami-copy-\(getpid()).lua"
        try r.stdout.write(toFile: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let check = try runCommand("/usr/bin/luac5.4", ["-p", copy])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    func testWhoamiAgainstMoto() throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let env = TestSecrets.environment().merging(["AWS_ENDPOINT_URL": moto.endpoint, "AWS_REGION": "eu-west-1"]) { $1 }
        let r = try cogsh(["-m", "whoami"], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("account      123456789012\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("arn          arn:aws:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("region       eu-west-1  (AWS_REGION)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("endpoint     \(moto.endpoint)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  UserUpdate                 24.25\n"), r.stdout)
        // The command line's pacing is what the job reports.
        let shared = try cogsh(["--rate-share", "0.5", "-m", "whoami"], environment: env)
        XCTAssertTrue(shared.stdout.contains("  UserUpdate                 12.12\n") || shared.stdout.contains("  UserUpdate                 12.13\n"), shared.stdout)
    }

    /// The job gets the arguments after its name as `...` and `arg`, as a script does.
    func testAJobGetsItsArguments() throws {
        let r = try cogsh(["-e", "print(#arg, arg[0], arg[-1])", "-m", "whoami", "--source"])
        XCTAssertEqual(r.status, 0)   // --source wins: nothing runs
        XCTAssertTrue(r.stdout.hasPrefix("-- cogsh -m whoami:"))
    }

    /// Users see the API function they called; --verbose shows cogsh's own Lua frames too,
    /// by file and line (here the scheduler, which raises an unwaited task's error).
    func testTracebacksNameCogshsLuaFilesOnlyWhenVerbose() throws {
        let source = "task.spawn(function() task.sleep(0) error('in a task') end)"
        let quiet = try cogsh(["-e", source])
        XCTAssertEqual(quiet.status, 1)
        XCTAssertFalse(quiet.stderr.contains("[cogsh]"), quiet.stderr)
        let verbose = try cogsh(["--verbose", "-e", source])
        XCTAssertEqual(verbose.status, 1)
        XCTAssertNotNil(verbose.stderr.range(of: #"\[cogsh\] task\.lua:[0-9]+:"#, options: .regularExpression), verbose.stderr)
    }
}
