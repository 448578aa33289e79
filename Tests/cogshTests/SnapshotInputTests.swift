import Foundation
import Snapshot
import TestSupport
import XCTest

/// Bad input to snapshot.take and -m backup: each gets a clear error naming the file,
/// the field or the pool, and nothing is sent when the fault is found before a call.
final class SnapshotInputTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("cogsh-snapinput")
    }

    func standIn(users: Int = 300, latency: Double = 0.01) throws -> StandInServer {
        try StandInServer(latency: latency, categories: StandInServer.allPublishedQuotas,
                          pools: [.init(id: "us-east-1_PoolA", users: users, seed: 3, groups: 2),
                                  .init(id: "us-east-1_PoolB", users: 20, seed: 4)], strictPools: true)
    }

    func backup(_ s: StandInServer, _ args: [String], shell: String = "") throws -> CommandResult {
        if shell.isEmpty {
            return try cogsh(["--endpoint-url", s.endpoint, "-m", "backup"] + args, environment: TestSecrets.environment(), limit: 120)
        }
        let command = shell + "; exec " + ([Executables.cogsh, "--endpoint-url", s.endpoint, "-m", "backup"] + args).map(\.quoted).joined(separator: " ")
        return try runCommand("/bin/sh", ["-c", command], environment: TestSecrets.environment(), limit: 120)
    }

    func sent(_ s: StandInServer) throws -> Int { try s.stats().operations.values.reduce(0, +) }

    func testAFileThatIsNotASnapshotIsRefusedBeforeAnyCall() throws {
        let s = try standIn()
        defer { s.stop() }
        let file = directory + "/notes.txt"
        try "hello\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try backup(s, ["us-east-1_PoolA", file])
        XCTAssertEqual(r.status, 253, r.stderr)
        XCTAssertTrue(r.stderr.contains("snapshot \(file): it is not a cogsh snapshot (not an SQLite database)"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "hello\n", "left as it was")
        let sqlite = directory + "/other.db"
        _ = try runCommand("/usr/bin/sqlite3", [sqlite, "CREATE TABLE t(x)"])
        let other = try backup(s, ["us-east-1_PoolA", sqlite])
        XCTAssertEqual(other.status, 253)
        XCTAssertTrue(other.stderr.contains("it is not a cogsh snapshot (no meta table with a format)"), other.stderr)
        XCTAssertEqual(try sent(s), 0, "nothing sent")
        // An SQLite file without a table (made by `sqlite3 FILE ''` and the like) is a new snapshot.
        let blank = directory + "/blank.sqlite"
        _ = try runCommand("/usr/bin/sqlite3", [blank, "CREATE TABLE t(x); DROP TABLE t;"])
        guard case .absent = try SnapshotFile.inspect(blank) else { return XCTFail("a file without tables is no snapshot yet") }
    }

    /// Users keyed by an alias that several share (a hand-made or a case-folded e-mail):
    /// a batch ending among them skips none of the others; a NULL or numeric value counts
    /// as none, and a value of the wrong type (a file edited by hand) is no crash.
    func testUsersSharingAnAliasAreNotSkippedAtABatchBoundary() throws {
        let file = directory + "/shared.sqlite"
        let made = try runCommand("/usr/bin/sqlite3", [file, """
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            INSERT INTO meta VALUES ('format', 'cogsh-snapshot 1'), ('pool_id', 'us-east-1_Shared'), ('complete', '1');
            CREATE TABLE users(username TEXT PRIMARY KEY, sub, status, enabled, created, modified, mfa);
            CREATE TABLE attributes(username, name, value, PRIMARY KEY(username, name));
            CREATE TABLE memberships(username, group_name, PRIMARY KEY(username, group_name));
            INSERT INTO users VALUES ('a', 's1', 'CONFIRMED', 1, 0, 0, '{}'), ('b', 's2', 'CONFIRMED', 1, 0, 0, '{}'),
              ('c', 's3', 'CONFIRMED', 1, 0, 0, '{}'), ('d', 's4', 'CONFIRMED', 1, 0, 0, '{}'), ('e', 's5', 'CONFIRMED', 1, 0, 0, '{}');
            INSERT INTO attributes VALUES ('a', 'email', 'x@example.com'), ('b', 'email', 'x@example.com'),
              ('c', 'email', 'x@example.com'), ('d', 'email', 'y@example.com'), ('e', 'email', NULL), ('f', 'email', 42);
            INSERT INTO users VALUES ('f', 's6', 7, 'yes', 'then', 0, '{}');
            """])
        XCTAssertEqual(made.status, 0, made.stderr)
        let reader = try SnapshotReader(path: file)
        var seen: [String] = []
        var position: SnapshotReader.Position?
        while true {
            let batch = try reader.users(after: position, limit: 2, alias: "email")
            guard let last = batch.last else { break }
            seen += batch.map(\.record.username)
            position = last.position
        }
        XCTAssertEqual(seen, ["a", "b", "c", "d"])
        XCTAssertEqual(try reader.users(after: nil, limit: 10, withoutAlias: "email").map(\.record.username), ["e", "f"])
    }

    func testAnUnwritablePathAndAMissingPool() throws {
        let s = try standIn()
        defer { s.stop() }
        let nowhere = directory + "/missing/dir/pool.sqlite"
        let r = try backup(s, ["us-east-1_PoolA", nowhere])
        XCTAssertEqual(r.status, 253, r.stderr)
        XCTAssertTrue(r.stderr.contains("snapshot \(nowhere): its directory \(directory!)/missing/dir does not exist"), r.stderr)
        XCTAssertEqual(try sent(s), 0, "nothing sent")
        let missing = try backup(s, ["us-east-1_Nope", directory + "/nope.sqlite"])
        XCTAssertEqual(missing.status, 254, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("ResourceNotFoundException"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/nope.sqlite"), "no file for a pool that is not there")
    }

    func testBadParametersAreValidationErrorsNamingTheField() throws {
        let s = try standIn()
        defer { s.stop() }
        let file = directory + "/x.sqlite"
        for (source, field) in [
            ("{ UserPoolId = 'not a pool', file = '\(file)' }", "UserPoolId"),
            ("{ UserPoolId = 'us-east-1_PoolA' }", "file"),
            ("{ UserPoolId = 'us-east-1_PoolA', file = '\(file)', shards = 7 }", "shards"),
            ("{ UserPoolId = 'us-east-1_PoolA', file = '\(file)', detials = true }", "detials"),
            ("{ UserPoolId = 'us-east-1_PoolA', file = '\(file)', overwrite = 'yes' }", "overwrite"),
        ] {
            let r = try cogsh(["--endpoint-url", s.endpoint, "-e", "local ok, e = pcall(snapshot.take, \(source)) print(e.code, e.field) os.exit(ok and 0 or 3)"],
                              environment: TestSecrets.environment())
            XCTAssertEqual(r.stdout, "ValidationError\t\(field)\n", source)
        }
        let usage = try backup(s, ["us-east-1_PoolA"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("usage: cogsh -m backup POOL_ID FILE [--details] [--overwrite]"), usage.stderr)
        XCTAssertEqual(try sent(s), 0, "nothing sent")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file))
    }

    /// Ctrl-C: the pages in flight are stored, the file stays incomplete (exit 130), and
    /// going on with it for another pool is refused naming what it holds.
    func testAnInterruptedSnapshotGoesOnAndIsNotMixedWithAnotherPool() throws {
        let s = try standIn(users: 6_000, latency: 0.05)
        defer { s.stop() }
        let file = directory + "/a.sqlite"
        let child = try RunningCommand(Executables.cogsh, ["--endpoint-url", s.endpoint, "-m", "backup", "us-east-1_PoolA", file],
                                       environment: TestSecrets.environment())
        // Interrupted once pages are in the file: the run has started and is not done.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? Self.users(in: file)) ?? 0 < 600 { usleep(50_000) }
        kill(child.process.processIdentifier, SIGINT)
        let end = child.finish(limit: 30)
        XCTAssertEqual(end.status, 130, end.stderr)
        XCTAssertTrue(end.stderr.contains("incomplete: \(file) (the same command goes on from there)"), end.stderr)
        guard case .snapshot(let meta) = try SnapshotFile.inspect(file) else { return XCTFail("no snapshot") }
        XCTAssertFalse(meta.complete)

        let other = try backup(s, ["us-east-1_PoolB", file])
        XCTAssertEqual(other.status, 253, other.stderr)
        XCTAssertTrue(other.stderr.contains("it is an incomplete snapshot of us-east-1_PoolA in us-east-1, not of us-east-1_PoolB in us-east-1"), other.stderr)

        let again = try backup(s, ["us-east-1_PoolA", file])
        XCTAssertEqual(again.status, 0, again.stderr)
        try SnapshotTakeTests.assertExact(file, try s.dump(pool: "us-east-1_PoolA"))
    }

    static func users(in file: String) throws -> Int {
        let reader = try SnapshotReader(path: file)
        defer { reader.close() }
        guard case .int(let n) = try reader.query("SELECT count(*) FROM users", arguments: []).rows[0][0] else { return 0 }
        return Int(n)
    }

    /// A full disk (here a file-size limit) is a clear error; the file stays a valid,
    /// incomplete snapshot that the next run completes.
    func testAFullDiskLeavesAValidFile() throws {
        let s = try standIn(users: 3_000)
        defer { s.stop() }
        let file = directory + "/full.sqlite"
        let r = try backup(s, ["us-east-1_PoolA", file], shell: "trap '' XFSZ; ulimit -f 400")
        XCTAssertEqual(r.status, 253, r.stderr)
        XCTAssertTrue(r.stderr.contains("snapshot \(file): "), r.stderr)
        XCTAssertTrue(r.stderr.contains("disk") || r.stderr.contains("full") || r.stderr.contains("I/O"), r.stderr)
        let check = try runCommand("/usr/bin/sqlite3", [file, "PRAGMA integrity_check; SELECT value FROM meta WHERE key = 'complete'"])
        XCTAssertEqual(check.stdout, "ok\n0\n", check.stderr)
        let again = try backup(s, ["us-east-1_PoolA", file])
        XCTAssertEqual(again.status, 0, again.stderr)
        try SnapshotTakeTests.assertExact(file, try s.dump(pool: "us-east-1_PoolA"))
    }
}
