import Foundation
import TestSupport
import XCTest

/// `--memory-limit` and leaks over many calls, from outside the process.
final class MemoryTests: XCTestCase {
    /// True when this suite (and so the cogsh beside it) is built with AddressSanitizer.
    static var underAddressSanitizer: Bool { dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil }

    func testMemoryLimitIsACleanLuaErrorNotACrash() throws {
        let grow = "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(64) .. i end"
        let caught = try cogsh(["--memory-limit", "16M", "-e", """
        local ok, err = pcall(function() \(grow) end)
        collectgarbage()
        print(ok, err)
        print(json.encode{ still = "working" })
        """])
        XCTAssertEqual(caught.status, 0, caught.stderr)
        XCTAssertEqual(caught.stdout, "false\tnot enough memory\n{\"still\":\"working\"}\n")

        let uncaught = try cogsh(["--memory-limit", "16M", "-e", grow])
        XCTAssertEqual(uncaught.status, 1, uncaught.stderr)
        XCTAssertTrue(uncaught.stderr.hasPrefix("cogsh: not enough memory"), uncaught.stderr)
    }

    func testMemoryLimitReachedInsideABinding() throws {
        // The limit is reached while json.decode builds its result: the binding's Swift
        // frame is never refused memory; the error is raised once it has returned.
        let result = try cogsh(["--memory-limit", "16M", "-e", """
        local text = "[" .. string.rep('{"a":1},', 300000) .. '{}]'   -- 2.4 MB of text, 300,000 tables decoded
        local ok, err = pcall(json.decode, text)
        print(ok, err)
        """])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "false\tnot enough memory\n")
    }

    /// 10,000 calls that succeed, fail at the service, or fail validation. Under
    /// AddressSanitizer, LeakSanitizer checks the whole run at exit; otherwise the
    /// resident size after 10,000 calls is compared with the one after the first 1,000.
    func testTenThousandCallsLeakNothing() async throws {
        let server = try await ScriptedHTTPServer { request, _ in
            request.bodyText.contains("\"Username\":\"missing") ? .awsError(400, "UserNotFoundException", "no such user") : .json(200, "{}")
        }
        defer { Task { await server.shutdown() } }
        let source = """
        local function rss()
          local f = assert(io.open("/proc/self/statm"))
          local _, resident = f:read("n", "n")   -- statm: size, resident (pages)
          f:close()
          return resident * 4096
        end
        local update = cognito.admin_update_user_attributes
        local outcome = { ok = 0, service = 0, validation = 0 }
        local function batch(n)
          for i = 1, n do
            local user = (i % 3 == 0) and "missing" .. i or "user" .. i
            local attributes = (i % 5 == 0) and { { Name = 42 } } or { email = "u" .. i .. "@example.com" }
            local ok, err = pcall(update, { UserPoolId = "us-east-1_Leaks1", Username = user, UserAttributes = attributes })
            local kind = ok and "ok" or (err.code == "ValidationError" and "validation" or "service")
            outcome[kind] = outcome[kind] + 1
          end
          collectgarbage(); collectgarbage()
        end
        batch(1000)
        local before = rss()
        batch(9000)
        print(outcome.ok, outcome.service, outcome.validation, rss() - before)
        """
        var environment = TestSecrets.environment()
        if Self.underAddressSanitizer {
            environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
            environment["LSAN_OPTIONS"] = "suppressions=\(RepoPaths.root)/Tests/lsan-suppressions.txt:print_suppressions=0"
        }
        let result = try cogsh(["--endpoint-url", server.baseURL, "--max-attempts", "1"] + Unpaced.arguments + ["-e", source],
                               environment: environment, limit: 600)
        XCTAssertEqual(result.status, 0, String(result.stderr.prefix(4000)))
        let fields = result.stdout.split(separator: "\t").map { String($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(fields.count, 4, result.stdout)
        guard fields.count == 4 else { return }
        XCTAssertEqual(Array(fields[0..<3]), ["5333", "2667", "2000"], "ok, service errors, validation errors")
        let growth = Int(fields[3]) ?? Int.max
        print("leak check: 10,000 calls; resident growth over the last 9,000: \(growth / 1024) KiB")
        if Self.underAddressSanitizer {
            XCTAssertFalse(result.stderr.contains("LeakSanitizer"), String(result.stderr.prefix(4000)))
        } else {
            XCTAssertLessThan(growth, 4 << 20, "resident memory grew by \(growth) bytes over 9,000 calls")
        }
        XCTAssertEqual(server.requestCount, 8000, "validation failures sent nothing")
    }
}
