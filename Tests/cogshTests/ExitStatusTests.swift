import Foundation
import XCTest

/// Every exit status of DESIGN.md that needs no AWS peer; the service ones are in
/// the cognito tests. Statuses are what cron and shell scripts branch on.
final class ExitStatusTests: XCTestCase {
    func testSuccessAndLuaErrors() throws {
        XCTAssertEqual(try cogsh(["-e", "print('ok')"]).status, 0)
        let runtime = try cogsh(["-e", "local function f() error('boom') end f()"])
        XCTAssertEqual(runtime.status, 1)
        XCTAssertTrue(runtime.stderr.hasPrefix("cogsh: (command line):1: boom\nstack traceback:"), runtime.stderr)
        XCTAssertTrue(runtime.stderr.contains("in local 'f'") || runtime.stderr.contains("in function 'f'"), runtime.stderr)
        XCTAssertEqual(try cogsh(["-e", "x = = 1"]).status, 1)
    }

    func testUsageErrorsExit2AndNameTheProblem() throws {
        let unknown = try cogsh(["--no-such-option"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--no-such-option"), unknown.stderr)
        let badValue = try cogsh(["--timeout", "soon", "-e", ""])
        XCTAssertEqual(badValue.status, 2)
        XCTAssertTrue(badValue.stderr.contains("timeout"), badValue.stderr)
        XCTAssertEqual(try cogsh(["--retry-mode", "fast", "-e", ""]).status, 2)
        XCTAssertEqual(try cogsh(["-e"]).status, 2)
        let help = try cogsh(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--endpoint-url"))
    }

    func testUncaughtErrorObjectsMapToStatuses() throws {
        let validation = try cogsh(["-e", "json.encode(0/0)"])
        XCTAssertEqual(validation.status, 252, validation.stderr)
        XCTAssertTrue(validation.stderr.hasPrefix("cogsh: ValidationError: json.encode: cannot encode NaN"), validation.stderr)
        XCTAssertEqual(try cogsh(["-e", "json.decode('[')"]).status, 255)
        // Caught errors do not change the status.
        XCTAssertEqual(try cogsh(["-e", "pcall(json.decode, '[')"]).status, 0)
    }

    func testOsExit() throws {
        XCTAssertEqual(try cogsh(["-e", "os.exit(7)"]).status, 7)
        XCTAssertEqual(try cogsh(["-e", "os.exit(false)"]).status, 1)
        // The state is closed first: a csv writer left open is flushed by its finalizer.
        let path = NSTemporaryDirectory() + "cogsh-exit-\(UUID().uuidString).csv"
        XCTAssertEqual(try cogsh(["-e", "local w = csv.writer('\(path)'); w:write({'a','b'}); os.exit(3)"]).status, 3)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a,b\n")
    }

    func testSignalsEndTheRunWith130And143() throws {
        for (signal, status, line) in [(SIGINT, Int32(130), "cogsh: interrupted by SIGINT\n"),
                                       (SIGTERM, Int32(143), "cogsh: terminated by SIGTERM\n")] {
            let child = try RunningCommand(Executables.cogsh, ["-e", "print('ready') io.stdout:flush() while true do pcall(function() while true do end end) end"])
            XCTAssertTrue(child.waitFor("ready"))
            kill(child.process.processIdentifier, signal)
            let end = child.finish()
            XCTAssertFalse(end.killed, "the run ended by itself")
            XCTAssertEqual(end.status, status, end.stderr)
            XCTAssertEqual(end.stderr, line, "said once, no traceback")
        }
    }

    /// A long C call cannot be interrupted at the next instruction: the first SIGINT or
    /// SIGTERM waits for it, a second one ends the run at once (lua.c: a second Ctrl-C).
    func testASecondSignalEndsALongCCallAtOnce() throws {
        for (signal, status, word) in [(SIGINT, Int32(130), "interrupted"), (SIGTERM, Int32(143), "terminated")] {
            let child = try RunningCommand(Executables.cogsh, ["-e", "print('ready') io.stdout:flush() string.find(string.rep('a', 1e6), '.-.-.-b')"])
            XCTAssertTrue(child.waitFor("ready"))
            usleep(200_000)
            kill(child.process.processIdentifier, signal)
            usleep(300_000)
            XCTAssertTrue(child.process.isRunning, "the first signal waits for the C call")
            kill(child.process.processIdentifier, signal)
            let end = child.finish(limit: 10)
            XCTAssertFalse(end.killed)
            XCTAssertEqual(end.status, status, end.stderr)
            XCTAssertTrue(end.stderr.contains("\(word) by SIG\(signal == SIGINT ? "INT" : "TERM") again: stopped at once"), end.stderr)
        }
    }

    func testTimeoutCannotBeSwallowedByPcall() throws {
        let result = try cogsh(["--timeout", "1", "-e", "while true do pcall(function() while true do end end) end"], limit: 20)
        XCTAssertFalse(result.killed, "--timeout ended the run")
        XCTAssertEqual(result.status, 255, result.stderr)
        XCTAssertEqual(result.stderr, "cogsh: timed out: the run exceeded --timeout 1 s\n")
    }

    func testLockRefusesASecondConcurrentRun() throws {
        let lock = NSTemporaryDirectory() + "cogsh-lock-\(UUID().uuidString)"
        let first = try RunningCommand(Executables.cogsh, ["--lock", lock, "-e", "print('holding') io.stdout:flush() io.read()"])
        XCTAssertTrue(first.waitFor("holding"))
        let second = try cogsh(["--lock", lock, "-e", "print('should not run')"])
        XCTAssertEqual(second.status, 75)
        XCTAssertEqual(second.stdout, "")
        XCTAssertTrue(second.stderr.contains("another run holds the lock"), second.stderr)
        XCTAssertEqual(first.finish().status, 0)
        // Once the first run ended, the lock is free again.
        XCTAssertEqual(try cogsh(["--lock", lock, "-e", "print('now')"]).stdout, "now\n")
    }

    /// No terminal and no -i: stdin is a script, stdout holds only what it prints. With
    /// -i, the prompts and the lines read are written as lua.c writes them.
    func testNoTerminalMeansNoPromptAndCleanStdout() throws {
        let result = try cogsh([], stdin: "print('only this')\n")
        XCTAssertEqual(result.stdout, "only this\n")
        XCTAssertEqual(result.stderr, "")
        let repl = try cogsh(["-i"], stdin: "x = 2\n= x * 21\n")
        XCTAssertTrue(repl.stdout.hasSuffix("> x = 2\n> = x * 21\n42\n> \n"), repl.stdout)
    }
}

final class ConfigurationErrorTests: XCTestCase {
    /// A missing profile is a configuration error: an error object, exit 253.
    func testMissingProfileIsConfigErrorExit253() throws {
        let result = try cogsh(["-e", "local ok, e = pcall(cognito.list_user_pools, { MaxResults = 1 }) assert(type(e) == 'table' and e.code == 'ConfigError', tostring(e)) cognito.list_user_pools{ MaxResults = 1 }"],
                               environment: ["AWS_PROFILE": "missing", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_REGION": "us-east-1"])
        XCTAssertEqual(result.status, 253, result.stderr)
        XCTAssertTrue(result.stderr.contains("ConfigError: profile missing"), result.stderr)
    }

    func testVersionOption() throws {
        let result = try cogsh(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("cogsh "), result.stdout)
    }
}
