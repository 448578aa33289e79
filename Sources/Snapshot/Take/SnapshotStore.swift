import AWSCore
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// The writing side of a snapshot file. Every page of answers is stored in one
/// transaction together with the progress it makes (the next page token, or done), so
/// after a crash at any instant the file says exactly which pages are in: a rerun asks
/// again for at most the page each pagination had in flight. A page stored twice (a
/// token replayed) changes nothing: rows are keyed by username, group and name.
final class SnapshotStore: Sendable {
    let queue: DatabaseQueue
    let path: String
    /// Held while the snapshot is taken: a second run into the same file is refused at once.
    private let lock: Int32

    init(path: String) throws(AWSError) {
        self.path = path
        lock = try SnapshotFile.lock(path)
        do {
            queue = try SnapshotFile.openForWriting(path)
        } catch {
            Glibc.close(lock)
            throw error
        }
    }

    /// The connection first, then the lock's descriptor: closing a descriptor of the file
    /// drops the process's POSIX locks on it, which SQLite must not lose mid-use.
    deinit {
        try? queue.close()
        Glibc.close(lock)
    }

    /// Creates the tables (a new file) and writes its first meta rows.
    func create(meta: [String: String]) throws(AWSError) {
        try write { db in
            try db.execute(sql: SnapshotSchema.all)
            try Self.setMeta(meta, db)
        }
    }

    func setMeta(_ rows: [String: String]) throws(AWSError) {
        try write { db in try Self.setMeta(rows, db) }
    }

    private static func setMeta(_ rows: [String: String], _ db: Database) throws {
        for (key, value) in rows {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    func meta() throws(AWSError) -> SnapshotMeta { try SnapshotFile.meta(of: queue, path: path) }

    // MARK: Progress

    struct Progress: Sendable {
        var token: String?
        var done: Bool
    }

    /// The progress rows of one kind ("shard", "group", "groups", "config").
    func progress(_ kind: String) throws(AWSError) -> [String: Progress] {
        try read { db in
            var out: [String: Progress] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, token, done FROM progress WHERE kind = ?", arguments: [kind]) {
                out[row["name"]] = Progress(token: row["token"], done: (row["done"] as Int?) == 1)
            }
            return out
        }
    }

    private static func advance(_ kind: String, _ name: String, next token: String?, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO progress(kind, name, token, done, pages) VALUES (?, ?, ?, ?, 1)
            ON CONFLICT(kind, name) DO UPDATE SET token = excluded.token, done = excluded.done, pages = pages + 1
            """, arguments: [kind, name, token, token == nil ? 1 : 0])
    }

    func markDone(_ kind: String, _ name: String) async throws(AWSError) {
        try await write { db in try Self.advance(kind, name, next: nil, db) }
    }

    // MARK: Pages

    /// A ListUsers page of one shard, and the token of the shard's next page (nil: done).
    func storeUsers(_ users: [UserRecord], shard: String, next token: String?) async throws(AWSError) {
        try await write { db in
            for user in users { try Self.upsert(user, db) }
            try Self.advance("shard", shard, next: token, db)
        }
    }

    private static func upsert(_ u: UserRecord, _ db: Database) throws {
        // Details (AdminGetUser's MFA settings) already taken stay: a replayed page lists less.
        // Cached statements: a page is a few hundred of these, prepared once per file.
        try db.cachedStatement(sql: """
            INSERT INTO users(username, sub, status, enabled, created, modified, mfa) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(username) DO UPDATE SET sub = excluded.sub, status = excluded.status, enabled = excluded.enabled,
              created = excluded.created, modified = excluded.modified,
              mfa = CASE WHEN EXISTS (SELECT 1 FROM details_taken d WHERE d.username = excluded.username)
                         THEN users.mfa ELSE excluded.mfa END
            """).execute(arguments: [u.username, u.sub, u.status, u.enabled ? 1 : 0, u.created, u.modified, u.mfaText])
        try db.cachedStatement(sql: "DELETE FROM attributes WHERE username = ?").execute(arguments: [u.username])
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO attributes(username, name, value) VALUES (?, ?, ?)")
        for a in u.attributes {
            try insert.execute(arguments: [u.username, a.name, a.value])
        }
    }

    /// A ListGroups page; each group gets a progress row for its memberships.
    func storeGroups(_ groups: [GroupRecord], next token: String?) async throws(AWSError) {
        try await write { db in
            for g in groups {
                try db.execute(sql: "INSERT OR REPLACE INTO groups(name, description, precedence, role_arn) VALUES (?, ?, ?, ?)",
                               arguments: [g.name, g.description, g.precedence, g.roleArn])
                try db.execute(sql: "INSERT OR IGNORE INTO progress(kind, name) VALUES ('group', ?)", arguments: [g.name])
            }
            try Self.advance("groups", "all", next: token, db)
        }
    }

    /// A ListUsersInGroup page.
    func storeMembers(_ usernames: [String], group: String, next token: String?) async throws(AWSError) {
        try await write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO memberships(username, group_name) VALUES (?, ?)")
            for name in usernames {
                try insert.execute(arguments: [name, group])
            }
            try Self.advance("group", group, next: token, db)
        }
    }

    /// One piece of the pool's configuration, as its Describe/List/Get call answered.
    func storeConfig(kind: String, name: String, json: JSONValue) async throws(AWSError) {
        let text = String(decoding: (try? JSONCodec.encode(json)) ?? Array("{}".utf8), as: UTF8.self)
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO config(kind, name, json) VALUES (?, ?, ?)", arguments: [kind, name, text])
        }
    }

    /// A user's details (AdminGetUser): its MFA settings join the listed MFAOptions.
    /// `nil`: the user was deleted meanwhile; it is marked taken all the same.
    func storeDetails(_ user: UserRecord?, username: String) async throws(AWSError) {
        try await write { db in
            if let user {
                let current: String? = try String.fetchOne(db, sql: "SELECT mfa FROM users WHERE username = ?", arguments: [username])
                var mfa: [String: JSONValue] = [:]
                if let current, case .object(let o)? = try? JSONCodec.decode(Array(current.utf8)) { mfa = o }
                mfa.merge(user.mfa) { $1 }
                let text = String(decoding: (try? JSONCodec.encode(.object(mfa))) ?? Array("{}".utf8), as: UTF8.self)
                try db.execute(sql: "UPDATE users SET mfa = ? WHERE username = ?", arguments: [text, username])
            }
            try db.execute(sql: "INSERT OR IGNORE INTO details_taken(username) VALUES (?)", arguments: [username])
        }
    }

    /// Users listed whose details are not in yet.
    func pendingDetails() throws(AWSError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT username FROM users u WHERE NOT EXISTS (SELECT 1 FROM details_taken d WHERE d.username = u.username)
                ORDER BY username
                """)
        }
    }

    // MARK: Counts and the end

    func count(_ sql: String) throws(AWSError) -> Int {
        try read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// Marks the snapshot complete and makes the one file the whole backup: the WAL is
    /// checkpointed into it and the journal mode set back to DELETE, so no -wal file is
    /// needed beside it.
    /// The order matters: out of WAL first, then `complete = 1` (a rollback-journal
    /// transaction), so a file that says complete never needs a -wal beside it.
    func finish(meta: [String: String]) throws(AWSError) {
        do {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                // A reader holding the file open keeps it in WAL: say so rather than finish.
                guard mode?.lowercased() == "delete" else {
                    throw SnapshotFile.error(path, "another program has it open (sqlite3?); close it and run the same command again")
                }
            }
        } catch {
            throw SnapshotFile.error(path, error)
        }
        try write { db in try Self.setMeta(meta, db) }
    }

    func close() throws(AWSError) {
        do { try queue.close() } catch { throw SnapshotFile.error(path, error) }
    }

    // MARK: Access

    private func write(_ updates: (Database) throws -> Void) throws(AWSError) {
        do { try queue.write(updates) } catch { throw SnapshotFile.error(path, error) }
    }

    private func write(_ updates: @escaping @Sendable (Database) throws -> Void) async throws(AWSError) {
        do { try await queue.write(updates) } catch { throw SnapshotFile.error(path, error) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(AWSError) -> T {
        do { return try queue.read(body) } catch { throw SnapshotFile.error(path, error) }
    }
}
