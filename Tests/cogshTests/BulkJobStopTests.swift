import Foundation
import TestSupport
import XCTest

/// task.map when it is stopped: a journal in use or unusable, SIGKILL at random
/// instants, SIGTERM, a second SIGINT. What is asserted is what the stand-in answered
/// and what the journal holds, never a time.
final class BulkJobStopTests: BulkJobTestCase {
    func testJournalProblemsAreConfigAndLockErrors() throws {
        let standIn = try startStandIn(latency: 0.01)
        let unwritable = try run(standIn, "task.map({ 'a' }, print, { journal = '/nonexistent/dir/j' })")
        XCTAssertEqual(unwritable.status, 253, unwritable.stderr)
        XCTAssertTrue(unwritable.stderr.hasPrefix("cogsh: ConfigError: cannot open the journal /nonexistent/dir/j"), unwritable.stderr)
        let notAJournal = temporaryPath("notjournal")
        try "precious data\n".write(toFile: notAJournal, atomically: true, encoding: .utf8)
        let refused = try run(standIn, "task.map({ 'a' }, print, { journal = '\(notAJournal)' })")
        XCTAssertEqual(refused.status, 253, refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: notAJournal, encoding: .utf8), "precious data\n", "left as it was")

        // A journal in use by another run: exit 75, as --lock.
        let journal = temporaryPath("inuse.journal")
        let holder = try RunningCommand(Executables.cogsh, ["-e", "task.map({ 'a' }, function() print('holding') io.stdout:flush() task.sleep(30) end, { journal = '\(journal)' })"])
        XCTAssertTrue(holder.waitFor("holding"))
        let second = try run(standIn, "task.map({ 'b' }, print, { journal = '\(journal)' })")
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("is in use by another run"), second.stderr)
        kill(holder.process.processIdentifier, SIGKILL)
        _ = holder.finish()
    }

    /// A journaled job killed (SIGKILL) at seeded random instants and run again each
    /// time: every item is done at least once, no more than `workers` are repeated per
    /// kill, and the journal always opens again.
    func testKilledJobResumesLosingNothing() throws {
        let standIn = try startStandIn(latency: 0.02, users: 600)
        let journal = temporaryPath("crash.journal")
        let workers = 8
        let source = """
        local s = task.map(cognito.each.list_users{ UserPoolId = '\(pool)' }, function(user)
          cognito.admin_get_user{ UserPoolId = '\(pool)', Username = user.Username }
        end, { workers = \(workers), journal = '\(journal)' })
        print("finished", s.done, s.skipped)
        """
        var rng = SplitMix64(seed: 0xC0_65_11)
        var kills = 0
        for _ in 0..<12 {
            let child = try RunningCommand(Executables.cogsh, ["--endpoint-url", standIn.endpoint, "-e", source],
                                           environment: TestSecrets.environment())
            usleep(UInt32(150_000 + rng.next() % 900_000))   // 0.15 to 1.05 s in
            guard child.process.isRunning else { _ = child.finish(); break }
            kill(child.process.processIdentifier, SIGKILL)
            let end = child.finish()
            XCTAssertEqual(end.status, SIGKILL, "killed")
            kills += 1
        }
        XCTAssertGreaterThanOrEqual(kills, 10)
        let last = try cogsh(["--endpoint-url", standIn.endpoint, "-e", source], environment: TestSecrets.environment(), limit: 120)
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertTrue(last.stdout.hasPrefix("finished\t"), last.stdout)
        let answered = try XCTUnwrap(try standIn.stats().answered["AdminGetUser"])
        XCTAssertEqual(answered.count, 600, "every user done at least once")
        let repeated = answered.values.reduce(0) { $0 + $1 - 1 }
        XCTAssertLessThanOrEqual(repeated, kills * workers, "at most \(workers) repeated per kill")
        print("crash test: \(kills) kills, \(repeated) items repeated")
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "# cogsh task.map journal v1")
        XCTAssertEqual(Set(lines.dropFirst()).count, 600)
    }

    /// SIGTERM in the middle: no new item starts, those in flight finish and are
    /// journaled, exit 143; the rerun repeats nothing.
    func testSigtermStopsGracefullyAndTheRerunRepeatsNothing() throws {
        let standIn = try startStandIn(latency: 0.05)
        let journal = temporaryPath("term.journal")
        let source = """
        local users = {}
        for i = 1, 200 do users[i] = "user" .. i end
        local s = task.map(users, function(u)
          if u == "user20" then print("started") io.stdout:flush() end
          cognito.admin_update_user_attributes{ UserPoolId = '\(pool)', Username = u, UserAttributes = { ["custom:n"] = "1" } }
        end, { journal = '\(journal)' })
        print("finished", s.done, s.skipped)
        """
        let child = try RunningCommand(Executables.cogsh, ["--endpoint-url", standIn.endpoint, "-e", source],
                                       environment: TestSecrets.environment())
        XCTAssertTrue(child.waitFor("started"))
        kill(child.process.processIdentifier, SIGTERM)
        let end = child.finish(limit: 30)
        XCTAssertFalse(end.killed)
        XCTAssertEqual(end.status, 143, end.stderr)
        let firstRun = try standIn.stats().answered["AdminUpdateUserAttributes"] ?? [:]
        XCTAssertGreaterThan(firstRun.count, 0)
        XCTAssertLessThan(firstRun.count, 200)
        try standIn.reset()
        let rerun = try cogsh(["--endpoint-url", standIn.endpoint, "-e", source], environment: TestSecrets.environment(), limit: 60)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let secondRun = try standIn.stats().answered["AdminUpdateUserAttributes"] ?? [:]
        XCTAssertEqual(secondRun.count + firstRun.count, 200, "the two runs together did every user")
        XCTAssertTrue(Set(secondRun.keys).isDisjoint(with: firstRun.keys), "nothing was done twice")
        XCTAssertEqual(rerun.stdout, "finished\t\(200 - firstRun.count)\t\(firstRun.count)\n")
    }

    /// The first SIGINT waits for the items in flight; a second one stops at once.
    func testSecondSigintStopsAtOnce() throws {
        let child = try RunningCommand(Executables.cogsh, ["-e", """
        task.map({ 1, 2 }, function() print("busy") io.stdout:flush() while true do end end, { workers = 2 })
        """])
        XCTAssertTrue(child.waitFor("busy"))
        kill(child.process.processIdentifier, SIGINT)
        usleep(300_000)
        XCTAssertTrue(child.process.isRunning, "the first SIGINT lets the items in flight finish")
        kill(child.process.processIdentifier, SIGINT)
        let end = child.finish(limit: 10)
        XCTAssertFalse(end.killed, "the second SIGINT stopped it")
        XCTAssertEqual(end.status, 130, end.stderr)
    }
}
