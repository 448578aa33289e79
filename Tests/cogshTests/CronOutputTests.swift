import Foundation
import TestSupport
import XCTest

/// With --log-format json every line cogsh writes on stderr is one JSON object, and a
/// run ends with a summary line whose counts are what the peer saw.
final class CronOutputTests: XCTestCase {
    let environment = TestSecrets.environment()

    /// Every stderr line, parsed; fails the test on a line that is not a JSON object.
    func lines(_ stderr: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        stderr.split(separator: "\n").compactMap { text in
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                XCTFail("not a JSON line: \(text)", file: file, line: line)
                return nil
            }
            XCTAssertNotNil(object["time"] as? String, file: file, line: line)
            XCTAssertNotNil(object["level"] as? String, file: file, line: line)
            XCTAssertNotNil(object["msg"] as? String, file: file, line: line)
            return object
        }
    }

    func summary(_ lines: [[String: Any]], file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        let found = lines.filter { $0["summary"] as? Bool == true }
        XCTAssertEqual(found.count, 1, "one summary line", file: file, line: line)
        XCTAssertEqual(lines.last.map { $0["summary"] as? Bool }, true, "the summary is the last line", file: file, line: line)
        return found.first ?? [:]
    }

    func testSummaryCountsWhatThePeerSaw() async throws {
        let server = try await ScriptedHTTPServer { request, index in
            let body = request.bodyText
            if body.contains("\"missing\"") { return .awsError(400, "UserNotFoundException", "User does not exist.") }
            if request.header("X-Amz-Target")?.hasSuffix("AdminUpdateUserAttributes") == true, body.contains("\"first\"") {
                return index % 2 == 0 ? .awsError(400, "TooManyRequestsException", "Rate exceeded") : .json(200, "{}")
            }
            return .json(200, #"{"Username":"u","UserAttributes":[]}"#)
        }
        defer { Task { await server.shutdown() } }
        let source = """
        for i = 1, 5 do cognito.admin_get_user{ UserPoolId = "us-east-1_Cron1", Username = "user" .. i } end
        pcall(cognito.admin_get_user, { UserPoolId = "us-east-1_Cron1", Username = "missing" })
        cognito.admin_update_user_attributes{ UserPoolId = "us-east-1_Cron1", Username = "first", UserAttributes = { email = "a@example.com" } }
        cognito.admin_update_user_attributes{ UserPoolId = "us-east-1_Cron1", Username = "second", UserAttributes = { email = "b@example.com" } }
        log.info("done")
        """
        let result = try cogsh(["--log-format", "json", "--endpoint-url", server.baseURL, "-e", source], environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        let all = lines(result.stderr)
        let s = summary(all)
        XCTAssertEqual(s["exit"] as? Int, 0)
        XCTAssertEqual(s["calls"] as? [String: Int], ["AdminGetUser": 6, "AdminUpdateUserAttributes": 2])
        XCTAssertEqual(s["retries"] as? Int, 1)
        XCTAssertEqual(s["throttled"] as? Int, 1)
        XCTAssertEqual(s["errors"] as? [String: Int], ["UserNotFoundException": 1])
        XCTAssertNotNil(s["duration"] as? Double)
        XCTAssertEqual(server.requestCount, 9, "6 reads, 2 updates, 1 retry")
        XCTAssertTrue(all.contains { $0["msg"] as? String == "done" })

        // Text mode: the same summary only with --verbose.
        let quiet = try cogsh(["--endpoint-url", server.baseURL, "-e", "print(1)"], environment: environment)
        XCTAssertFalse(quiet.stderr.contains("run ended"), quiet.stderr)
        let verbose = try cogsh(["--verbose", "--endpoint-url", server.baseURL, "-e", "print(1)"], environment: environment)
        XCTAssertTrue(verbose.stderr.contains("INFO  run ended: exit 0 in "), verbose.stderr)
    }

    func testUncaughtErrorsAreOneLineWithTheirFields() async throws {
        let server = try await ScriptedHTTPServer { _, _ in .awsError(400, "UserNotFoundException", "User does not exist.") }
        defer { Task { await server.shutdown() } }
        let cases: [(arguments: [String], env: [String: String], status: Int, code: String, extra: [String: Any])] = [
            (["--endpoint-url", server.baseURL, "-e", "cognito.admin_get_user{ UserPoolId = 'us-east-1_Cron1', Username = 'ghost' }"], environment,
             254, "UserNotFoundException", ["status": 400, "operation": "AdminGetUser", "message": "User does not exist."]),
            (["--endpoint-url", server.baseURL, "-e", "cognito.admin_get_user{ UserPoolId = 'bad pool', Username = 'ghost' }"], environment,
             252, "ValidationError", ["field": "UserPoolId", "operation": "AdminGetUser"]),
            (["-e", "cognito.admin_get_user{ UserPoolId = 'us-east-1_Cron1', Username = 'ghost' }"],
             ["AWS_REGION": "", "AWS_DEFAULT_REGION": "", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
              "AWS_EC2_METADATA_DISABLED": "true"], 253, "ConfigError", [:]),
            (["--timeout", "0.3", "-e", "while true do end"], environment, 255, "TimeoutError", [:]),
        ]
        for c in cases {
            let result = try cogsh(["--log-format", "json"] + c.arguments, environment: c.env)
            XCTAssertEqual(Int(result.status), c.status, result.stderr)
            let all = lines(result.stderr)
            let errors = all.filter { $0["level"] as? String == "error" }
            XCTAssertEqual(errors.count, 1, result.stderr)
            let e = errors.first ?? [:]
            XCTAssertEqual(e["code"] as? String, c.code)
            XCTAssertEqual(e["exit"] as? Int, c.status)
            XCTAssertTrue((e["traceback"] as? String ?? "").hasPrefix("stack traceback:"), "\(e)")
            for (k, v) in c.extra { XCTAssertEqual("\(e[k] ?? "nil")", "\(v)", "\(k) of \(c.code)") }
            if c.code == "UserNotFoundException" { XCTAssertNotNil(e["request_id"] as? String) }
            XCTAssertEqual(summary(all)["exit"] as? Int, c.status)
        }
    }

    func testLockSignalsExitDryRunAndWarningsAreJSON() throws {
        let lock = NSTemporaryDirectory() + "cogsh-cron-\(UUID().uuidString).lock"
        defer { try? FileManager.default.removeItem(atPath: lock) }
        let holder = try RunningCommand(Executables.cogsh, ["--lock", lock, "-e", "print('holding') io.stdout:flush() while true do end"])
        XCTAssertTrue(holder.waitFor("holding"))
        let held = try cogsh(["--log-format", "json", "--lock", lock, "-e", "print('never')"])
        XCTAssertEqual(held.status, 75)
        let heldLine = lines(held.stderr).first ?? [:]
        XCTAssertEqual(heldLine["code"] as? String, "LockHeld")
        XCTAssertEqual(heldLine["exit"] as? Int, 75)
        kill(holder.process.processIdentifier, SIGKILL)
        _ = holder.finish()

        let term = try RunningCommand(Executables.cogsh, ["--log-format", "json", "-e", "print('ready') io.stdout:flush() while true do end"])
        XCTAssertTrue(term.waitFor("ready"))
        kill(term.process.processIdentifier, SIGTERM)
        let ended = term.finish()
        XCTAssertEqual(ended.status, 143)
        let termLines = lines(ended.stderr)
        XCTAssertEqual(termLines.first?["code"] as? String, "Interrupted")
        XCTAssertEqual(termLines.first?["message"] as? String, "terminated by SIGTERM")
        XCTAssertEqual(summary(termLines)["exit"] as? Int, 143)

        let exit3 = try cogsh(["--log-format", "json", "-e", "os.exit(3)"])
        XCTAssertEqual(exit3.status, 3)
        XCTAssertEqual(summary(lines(exit3.stderr))["exit"] as? Int, 3)

        let dry = try cogsh(["--log-format", "json", "--dry-run", "-e", """
        cognito.admin_update_user_attributes{ UserPoolId = "us-east-1_Cron1", Username = "alice", UserAttributes = { email = "a@example.com" } }
        warn("@on") warn("careful")
        """], environment: environment)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        let dryLines = lines(dry.stderr)
        let call = try XCTUnwrap(dryLines.first { $0["dry_run"] as? Bool == true })
        XCTAssertEqual(call["operation"] as? String, "AdminUpdateUserAttributes")
        let params = try XCTUnwrap(call["params"] as? [String: Any])
        XCTAssertEqual(params["Username"] as? String, "*** sensitive ***", "masked as in --debug")
        XCTAssertFalse(dry.stderr.contains("a@example.com"))
        XCTAssertTrue(dryLines.contains { $0["level"] as? String == "warn" && $0["msg"] as? String == "Lua warning: careful" })
    }
}
