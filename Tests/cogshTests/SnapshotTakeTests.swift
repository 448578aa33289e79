import Cognito
import Foundation
import Snapshot
import TestSupport
import XCTest

/// Taking snapshots against the loopback stand-in under the published quotas: exact
/// (every user, attribute, status, enabled flag and membership as the stand-in holds
/// them), never throttled, never over the UserList quota in any second of the server's
/// clock, and resumable after being killed at any instant. What is asserted is what the
/// server counted and what the file holds, never a time.
final class SnapshotTakeTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("cogsh-snapshot")
    }

    func backup(_ standIn: StandInServer, _ pool: String, _ file: String, _ extra: [String] = [], limit: TimeInterval = 180,
                line: UInt = #line) throws -> CommandResult {
        let r = try cogsh(["--endpoint-url", standIn.endpoint, "-m", "backup", pool, file] + extra,
                          environment: TestSecrets.environment(), limit: limit, line: line)
        XCTAssertFalse(r.killed, "the backup hung past \(limit) s", line: line)
        return r
    }

    /// The snapshot's users equal the stand-in's truth, field by field.
    static func assertExact(_ file: String, _ truth: StandInServer.PoolDump, line: UInt = #line) throws {
        let reader = try SnapshotReader(path: file)
        defer { reader.close() }
        XCTAssertTrue(reader.meta.complete, line: line)
        XCTAssertEqual(reader.meta.users, truth.users.count, line: line)
        let byName = truth.usersByName   // computed: once, not once per user
        var seen = 0
        var after: SnapshotReader.Position?
        while case let batch = try reader.users(after: after, limit: 1000), !batch.isEmpty {
            for u in batch {
                guard let t = byName[u.record.username] else {
                    XCTFail("\(u.record.username) is not in the pool", line: line)
                    continue
                }
                seen += 1
                let attributes = Dictionary(u.record.attributes.map { ($0.name, $0.value) }) { $1 }
                if attributes != t.attributes || u.record.status != t.status || u.record.enabled != t.enabled
                    || Set(u.groups) != Set(t.groups) || u.record.sub != t.sub {
                    XCTFail("\(t.username) differs: \(u) vs \(t)", line: line)
                }
            }
            after = batch.last?.position
        }
        XCTAssertEqual(seen, truth.users.count, "every user of the pool", line: line)
        let groups = try reader.query("SELECT name, description, precedence, role_arn FROM groups ORDER BY name", arguments: [],
                                      offset: 0, limit: 1000).rows
        XCTAssertEqual(groups.count, truth.groups.count, line: line)
        for (row, g) in zip(groups, truth.groups.sorted { $0.name < $1.name }) {
            XCTAssertEqual(row[0], .text(g.name), line: line)
            XCTAssertEqual(row[1], g.description.map(SQLValue.text) ?? .null, line: line)
            XCTAssertEqual(row[2], g.precedence.map { .int(Int64($0)) } ?? .null, line: line)
            XCTAssertEqual(row[3], g.roleArn.map(SQLValue.text) ?? .null, line: line)
        }
    }

    func testTwentyThousandUsersAreTakenExactlyAtTheQuota() throws {
        try skipInTheSanitizerPass()
        let pool = "us-east-1_Snap20k"
        let spec = StandInServer.PoolSpec(id: pool, users: 20_000, seed: 7, groups: 10, customAttributes: ["tier"],
                                          extra: ["clients": [["ClientName": "web", "GenerateSecret": true]]])
        let standIn = try StandInServer(latency: 0.05, categories: StandInServer.allPublishedQuotas, pools: [spec], strictPools: true)
        defer { standIn.stop() }
        let file = directory + "/pool.sqlite"
        let r = try backup(standIn, pool, file)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("snapshot \(pool): 20,000 users, 10 groups"), r.stderr)
        try Self.assertExact(file, try standIn.dump(pool: pool))

        let stats = try standIn.stats()
        for (name, counts) in stats.categories {
            XCTAssertEqual(counts.throttled.count, 0, "\(name) was throttled")
        }
        let list = try XCTUnwrap(stats.categories["UserList"])
        XCTAssertLessThanOrEqual(list.busiestSecond, 30, "no second over the UserList quota")
        XCTAssertGreaterThan(list.maxInFlight, 1, "the shards run at once")
        // The pages a clean run needs, and no more: each shard's and group's pages once.
        let reader = try SnapshotReader(path: file)
        defer { reader.close() }
        XCTAssertEqual(stats.operations["ListUsers"], try pages(reader, "shard"))
        XCTAssertEqual(stats.operations["ListUsersInGroup"], try pages(reader, "group"))
        // The client secret the stand-in holds is never written.
        let secret = try XCTUnwrap(((try standIn.dump(pool: pool).raw["clients"] as? [[String: Any]])?.first?["ClientSecret"]) as? String)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        XCTAssertNil(bytes.range(of: Data(secret.utf8)), "the client secret reached the file")
        XCTAssertEqual(try reader.query("SELECT count(*) FROM config WHERE kind = 'client'", arguments: [], offset: 0, limit: 1).rows[0][0], .int(1))
    }

    /// Pages each pagination of `kind` took (the progress rows count them).
    func pages(_ reader: SnapshotReader, _ kind: String) throws -> Int {
        let rows = try reader.query("SELECT coalesce(sum(pages), 0) FROM progress WHERE kind = ?", arguments: [.text(kind)], offset: 0, limit: 1).rows
        guard case .int(let n) = rows[0][0] else { return -1 }
        return Int(n)
    }

    /// The pages of the paginations a snapshot resumes page by page: the shards, the
    /// groups, each group's members.
    func listingPages(_ standIn: StandInServer) throws -> Int {
        let ops = try standIn.stats().operations
        return ["ListUsers", "ListGroups", "ListUsersInGroup"].reduce(0) { $0 + (ops[$1] ?? 0) }
    }

    /// Killed (SIGKILL) at seeded random instants and run again each time: the last run
    /// ends complete and exact, and all the runs together asked for at most one page
    /// more per shard and group per kill than a clean run does.
    func testKilledSnapshotsGoOnAndEndExact() throws {
        try skipInTheSanitizerPass()
        let pool = "us-east-1_SnapKill"
        let groups = 6
        let spec = StandInServer.PoolSpec(id: pool, users: 8_000, seed: 11, groups: groups)
        let standIn = try StandInServer(latency: 0.02, categories: StandInServer.allPublishedQuotas, pools: [spec], strictPools: true)
        defer { standIn.stop() }
        let clean = directory + "/clean.sqlite"
        XCTAssertEqual(try backup(standIn, pool, clean).status, 0)
        let cleanPages = try listingPages(standIn)
        try standIn.reset()

        let file = directory + "/killed.sqlite"
        var rng = SplitMix64(seed: 0x5A_4B_5C)
        var kills = 0
        let arguments = ["--endpoint-url", standIn.endpoint, "-m", "backup", pool, file]
        var finished = false
        for _ in 0..<10 {
            let child = try RunningCommand(Executables.cogsh, arguments, environment: TestSecrets.environment())
            usleep(UInt32(100_000 + rng.next() % 1_100_000))   // 0.1 to 1.2 s in
            guard child.process.isRunning else {
                finished = child.finish().status == 0
                break
            }
            kill(child.process.processIdentifier, SIGKILL)
            XCTAssertEqual(child.finish().status, SIGKILL)
            kills += 1
            // Whatever the instant, the file is a valid snapshot to go on with.
            guard case .snapshot(let meta) = try SnapshotFile.inspect(file) else { continue }
            XCTAssertEqual(meta.poolId, pool)
        }
        XCTAssertGreaterThanOrEqual(kills, 8)
        if !finished {
            let last = try backup(standIn, pool, file)
            XCTAssertEqual(last.status, 0, last.stderr)
        }
        try Self.assertExact(file, try standIn.dump(pool: pool))
        let allPages = try listingPages(standIn)
        let paginations = 16 + groups + 1   // shards, each group's members, the groups
        XCTAssertLessThanOrEqual(allPages - cleanPages, kills * paginations,
                                 "at most one page again per pagination per kill (\(kills) kills)")
        print("snapshot crash test: \(kills) kills, \(allPages - cleanPages) pages asked again")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file + "-wal"), "a complete snapshot is one file")
    }
}
