import Foundation
import TestSupport
import XCTest

/// task.map and the scheduler against the loopback Cognito stand-in: latency, and a
/// token bucket per quota category that throttles what exceeds it. What is asserted is
/// what the stand-in counted (requests per second, throttles, requests in flight),
/// never a time.
final class BulkJobTests: BulkJobTestCase {
    func testReadsAndUpdatesAtTheQuotaWithoutThrottling() throws {
        let standIn = try startStandIn(latency: 0.05, users: 1000)
        let source = """
        local users = {}
        for i = 1, 300 do users[i] = "user" .. i end
        local updates = task.spawn(task.map, users, function(u)
          cognito.admin_update_user_attributes{ UserPoolId = pool, Username = u, UserAttributes = { ["custom:n"] = "1" } }
        end, { label = "updates" })
        local reads = task.map(cognito.each.list_users{ UserPoolId = pool }, function(user)
          assert(cognito.admin_get_user{ UserPoolId = pool, Username = user.Username }.Username == user.Username)
        end, { label = "reads" })
        local u = task.wait(updates)
        print(reads.done, reads.failed, u.done, u.failed)
        """
        let result = try run(standIn, source)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "1000\t0\t300\t0\n")
        let stats = try standIn.stats()
        XCTAssertEqual(stats.operations["AdminGetUser"], 1000)
        XCTAssertEqual(stats.operations["AdminUpdateUserAttributes"], 300)
        XCTAssertEqual(stats.operations["ListUsers"], 17, "1,000 users in pages of 60")
        for quota in StandInServer.publishedQuotas {
            let counts = try XCTUnwrap(stats.categories[quota.name])
            XCTAssertEqual(counts.throttled.count, 0, "\(quota.name) was throttled")
            XCTAssertLessThanOrEqual(counts.busiestSecond, Int(quota.rate), "\(quota.name): more than its quota in one second")
        }
        XCTAssertGreaterThan(stats.categories["UserRead"]!.maxInFlight, 1, "reads overlap")
        XCTAssertGreaterThan(stats.categories["UserUpdate"]!.maxInFlight, 1, "updates overlap")
        XCTAssertTrue(result.stderr.contains("reads: 1,000 done, 0 skipped, 0 failed"), result.stderr)
    }

    func testAnotherClientTakingPartOfTheQuotaLosesNoItem() throws {
        var quotas = StandInServer.publishedQuotas
        quotas[1].background = 12   // another client uses half of UserUpdate
        let standIn = try startStandIn(latency: 0.05, categories: quotas)
        let result = try run(standIn, """
        local users = {}
        for i = 1, 200 do users[i] = "user" .. i end
        local s = task.map(users, function(u)
          cognito.admin_update_user_attributes{ UserPoolId = pool, Username = u, UserAttributes = { ["custom:n"] = "1" } }
        end)
        print(s.done, s.failed)
        """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "200\t0\n")
        let stats = try standIn.stats()
        XCTAssertEqual(stats.answered["AdminUpdateUserAttributes"]?.count, 200, "every user updated")
        XCTAssertGreaterThan(stats.categories["UserUpdate"]!.throttled.count, 0, "the other client made cogsh slow down")
    }

    func testCallsInNestedCoroutinesAndEachInsideTasks() throws {
        let standIn = try startStandIn(latency: 0.01, users: 130)
        let result = try run(standIn, """
        -- A generator (coroutine.wrap) inside a task makes calls; its waits reach the scheduler.
        local function names(from, to)
          return coroutine.wrap(function()
            for i = from, to do coroutine.yield(cognito.admin_get_user{ UserPoolId = pool, Username = "user" .. i }.Username) end
          end)
        end
        local a = task.spawn(function() local n = 0 for _ in names(1, 20) do n = n + 1 end return n end)
        local b = task.spawn(function() local n = 0 for _ in names(21, 40) do n = n + 1 end return n end)
        -- cognito.each walking pages inside a task, and a plain coroutine in the main chunk.
        local c = task.spawn(function() local n = 0 for _ in cognito.each.list_users{ UserPoolId = pool, Limit = 50 } do n = n + 1 end return n end)
        local co = coroutine.create(function() return cognito.admin_get_user{ UserPoolId = pool, Username = "main" }.Username end)
        local ok, name = coroutine.resume(co)
        -- pcall and cognito.try inside tasks.
        local d = task.spawn(function()
          local ok, err = pcall(cognito.admin_get_user, { UserPoolId = pool, Username = "missing1" })
          local caught = cognito.try(function() cognito.admin_get_user{ UserPoolId = pool, Username = "missing2" } end,
            { UserNotFoundException = function(e) return e.code end })
          return err.code, caught
        end)
        print(task.wait(a), task.wait(b), task.wait(c), ok, name, task.wait(d))
        """)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "20\t20\t130\ttrue\tmain\tUserNotFoundException\tUserNotFoundException\n")
        let stats = try standIn.stats()
        XCTAssertEqual(stats.operations["ListUsers"], 3)
        XCTAssertEqual(stats.operations["AdminGetUser"], 43)
    }

    func testErrorsInTasksWaitedForAndNot() throws {
        let standIn = try startStandIn(latency: 0.01)
        // Waited for: the same error object, raised by task.wait.
        let waited = try run(standIn, """
        local t = task.spawn(function() return cognito.admin_get_user{ UserPoolId = pool, Username = "missing" } end)
        local ok, err = pcall(task.wait, t)
        print(ok, err.code, err.status, err.operation)
        """)
        XCTAssertEqual(waited.status, 0, waited.stderr)
        XCTAssertEqual(waited.stdout, "false\tUserNotFoundException\t400\tAdminGetUser\n")
        // Not waited for: reported as an uncaught error when the chunk ends, with its status.
        let unwaited = try run(standIn, """
        task.spawn(function() cognito.admin_get_user{ UserPoolId = pool, Username = "missing" } end)
        task.spawn(function() task.sleep(0.05) print("the other task ran") end)
        print("main chunk done")
        """)
        XCTAssertEqual(unwaited.status, 254, unwaited.stderr)
        XCTAssertEqual(unwaited.stdout, "main chunk done\nthe other task ran\n")
        XCTAssertTrue(unwaited.stderr.hasPrefix("cogsh: UserNotFoundException: User does not exist. (AdminGetUser"), unwaited.stderr)
        // A plain Lua error in a task nobody waits for: status 1, with the task's traceback.
        let plain = try run(standIn, "task.spawn(function() task.sleep(0.01) error('task broke') end)")
        XCTAssertEqual(plain.status, 1, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("task broke"), plain.stderr)
    }

    func testErrorsContinueKeepsGoingAndJournalsOnlyWhatSucceeded() throws {
        let standIn = try startStandIn(latency: 0.01)
        let journal = temporaryPath("continue.journal")
        let source = """
        local users = {}
        for i = 1, 40 do users[i] = (i % 10 == 0) and ("missing" .. i) or ("user" .. i) end
        local s = task.map(users, function(u)
          cognito.admin_update_user_attributes{ UserPoolId = pool, Username = u, UserAttributes = { ["custom:n"] = "1" } }
        end, { errors = "continue", journal = "\(journal)", workers = 8 })
        table.sort(s.failures, function(a, b) return a.key < b.key end)
        local keys = {}
        for _, f in ipairs(s.failures) do keys[#keys + 1] = f.key .. "=" .. f.error.code end
        print(s.done, s.skipped, s.failed, table.concat(keys, ","))
        """
        let first = try run(standIn, source, ["--log-format", "json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "36\t0\t4\tmissing10=UserNotFoundException,missing20=UserNotFoundException,missing30=UserNotFoundException,missing40=UserNotFoundException\n")
        let lines = first.stderr.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertFalse(lines.contains { $0 == nil }, "every line is JSON: \(first.stderr)")
        XCTAssertEqual(lines.filter { ($0?["level"] as? String) == "error" }.count, 4, "one log line per failed item")
        // The job's summary, then the run's (which --log-format json always ends with).
        let summary = try XCTUnwrap(lines.last { $0?["final"] != nil } ?? nil)
        XCTAssertEqual(lines.last??["summary"] as? Bool, true, first.stderr)
        XCTAssertEqual(summary["done"] as? Int, 36)
        XCTAssertEqual(summary["failed"] as? Int, 4)
        XCTAssertEqual(summary["final"] as? Bool, true)
        // The rerun skips what succeeded and retries exactly the failures.
        try standIn.reset()
        let second = try run(standIn, source)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.hasPrefix("0\t36\t4\t"), second.stdout)
        XCTAssertEqual(try standIn.stats().operations["AdminUpdateUserAttributes"], 4)
    }

    func testBadInputIsAValidationErrorAndSendsNothing() throws {
        let standIn = try startStandIn(latency: 0.01)
        let cases: [(String, String)] = [
            ("task.map(42, print)", "items"),
            ("task.map({}, 'not a function')", "fn"),
            ("task.map({ 'a' }, print, { workers = 0 })", "workers"),
            ("task.map({ 'a' }, print, { workers = 257 })", "workers"),
            ("task.map({ 'a' }, print, { workers = 2.5 })", "workers"),
            ("task.map({ 'a' }, print, { errors = 'ignore' })", "errors"),
            ("task.map({ 'a' }, print, { wrokers = 4 })", "wrokers"),
            ("task.map({ {} }, function(u) cognito.admin_get_user{ UserPoolId = pool, Username = 'x' } end, { key = function() return 7 end })", "key"),
            ("task.wait(42)", "task"),
            ("local t; t = task.spawn(function() task.sleep(0) return task.wait(t) end) task.wait(t)", "task"),
            ("task.spawn(7)", "fn"),
            ("task.sleep(-1)", "seconds"),
        ]
        for (source, field) in cases {
            let result = try run(standIn, "local ok, err = pcall(function() \(source) end) print(err.code, err.field)")
            XCTAssertEqual(result.status, 0, "\(source): \(result.stderr)")
            XCTAssertEqual(result.stdout, "ValidationError\t\(field)\n", source)
        }
        XCTAssertEqual(try standIn.stats().operations, [:], "nothing was sent")
        // Uncaught, a ValidationError exits 252.
        XCTAssertEqual(try run(standIn, "task.map(42, print)").status, 252)
    }

    /// --rate and --rate-share, and the client options rates/rate_share, set the pace;
    /// bad ones are a usage error or a ValidationError naming the valid categories.
    func testRatesAndSharesSetThePace() throws {
        let standIn = try startStandIn(latency: 0.01)
        let updates = """
        local users = {}
        for i = 1, 60 do users[i] = "user" .. i end
        local c = CLIENT
        task.map(users, function(u)
          c.admin_update_user_attributes{ UserPoolId = pool, Username = u, UserAttributes = { ["custom:n"] = "1" } }
        end)
        """
        for (extra, client, limit) in [(["--rate", "UserUpdate=10"], "cognito", 10), (["--rate-share", "0.4"], "cognito", 10),
                                       ([], "cognito.client{ rates = { UserUpdate = 8 } }", 8),
                                       ([], "cognito.client{ rate_share = 0.2 }", 5)] {
            try standIn.reset()
            let result = try run(standIn, updates.replacingOccurrences(of: "CLIENT", with: client), extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            let counts = try XCTUnwrap(try standIn.stats().categories["UserUpdate"])
            XCTAssertEqual(counts.admitted.count, 60)
            XCTAssertLessThanOrEqual(counts.busiestSecond, limit, "\(extra) \(client)")
        }
        for bad in [["--rate", "UserUpdates=10"], ["--rate", "UserUpdate=0"], ["--rate", "UserUpdate"], ["--rate-share", "1.5"]] {
            let result = try cogsh(bad + ["-e", ""])
            XCTAssertEqual(result.status, 2, "\(bad): \(result.stderr)")
        }
        let named = try cogsh(["--rate", "UserUpdates=10", "-e", ""])
        XCTAssertTrue(named.stderr.contains("did you mean UserUpdate?") && named.stderr.contains("UserList"), named.stderr)
        let client = try cogsh(["-e", """
        for _, opts in ipairs{ { rates = { Nope = 1 } }, { rates = { UserUpdate = -1 } }, { rates = { 5 } }, { rate_share = 0 } } do
          local ok, err = pcall(cognito.client, opts)
          print(err.code, err.field)
        end
        """])
        XCTAssertEqual(client.stdout, "ValidationError\trates.Nope\nValidationError\trates.UserUpdate\nValidationError\trates[1]\nValidationError\trate_share\n", client.stderr)
    }

    /// Under cron (stderr not a terminal) a job logs its progress every 30 s; with
    /// --log-format json every line is an object with the counts.
    func testCronProgressLinesAreJSON() throws {
        let result = try cogsh(["--log-format", "json", "-e", """
        local items = {}
        for i = 1, 32 do items[i] = i end
        task.map(items, function() task.sleep(1) end, { workers = 1, label = "slow" })
        """], limit: 90)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stderr.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertFalse(lines.contains { $0 == nil }, "every line is JSON: \(result.stderr)")
        let periodic = lines.compactMap { $0 }.filter { $0["final"] == nil && $0["summary"] == nil }
        XCTAssertEqual(periodic.count, 1, result.stderr)
        let line = try XCTUnwrap(periodic.first)
        XCTAssertEqual(line["label"] as? String, "slow")
        XCTAssertEqual(line["total"] as? Int, 32)
        XCTAssertEqual(line["level"] as? String, "info")
        XCTAssertGreaterThanOrEqual(line["done"] as? Int ?? 0, 28)
        XCTAssertTrue((line["msg"] as? String ?? "").hasPrefix("slow  "), "\(line)")
        let final = try XCTUnwrap(lines.last { $0?["final"] != nil } ?? nil)
        XCTAssertEqual(final["final"] as? Bool, true)
        XCTAssertEqual(final["done"] as? Int, 32)
    }

    /// A million items from an iterator: one coroutine per worker, never one per item.
    func testAMillionItemsTakeNoMoreMemoryThanAThousand() throws {
        let count = MemoryTests.underAddressSanitizer ? 200_000 : 1_000_000
        let result = try cogsh(["-e", """
        local function items(n) local i = 0 return function() i = i + 1 if i <= n then return i end end end
        local function run(n)
          collectgarbage() collectgarbage()
          local s = task.map(items(n), function(i) if i % 1000 == 0 then task.sleep(0) end end, { workers = 16, progress = false })
          assert(s.done == n)
          collectgarbage() collectgarbage()
          return collectgarbage("count")
        end
        local small = run(1000)
        local large = run(\(count))
        print(math.floor(large - small))
        """], limit: 300)
        XCTAssertEqual(result.status, 0, result.stderr)
        let growthKB = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max
        XCTAssertLessThan(growthKB, 256, "the Lua heap grew by \(growthKB) KB over \(count) items")
    }
}
