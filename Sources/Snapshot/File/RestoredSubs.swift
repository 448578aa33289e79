import AWSCore
import Foundation
import GRDB

/// Writes `restored_subs` rows into a snapshot while a restore runs: which username
/// and `sub` each restored user got in the target pool (the service issues new ones).
/// Rows are written in batches, one transaction each, without turning the complete
/// snapshot's journal mode to WAL: the one file stays the whole backup.
public final class RestoredSubsWriter {
    public struct Row: Sendable {
        public var pool: String
        public var username: String
        public var newUsername: String?
        public var oldSub: String?
        public var newSub: String?
        public init(pool: String, username: String, newUsername: String?, oldSub: String?, newSub: String?) {
            self.pool = pool
            self.username = username
            self.newUsername = newUsername
            self.oldSub = oldSub
            self.newSub = newSub
        }
    }

    let path: String
    private let queue: DatabaseQueue
    private var pending: [Row] = []
    static let batch = 200

    public init(path: String) throws(AWSError) {
        self.path = path
        guard access(path, W_OK) == 0 else {
            throw SnapshotFile.error(path, "it is not writable: a restore records each user's new username and sub in it (restored_subs)")
        }
        var config = Configuration()
        // A reader of the snapshot (a report, a query) or another restore may hold a lock for a moment.
        config.busyMode = .timeout(30)
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw SnapshotFile.error(path, error)
        }
    }

    public func add(_ row: Row) throws(AWSError) {
        pending.append(row)
        // Every batch's worth: after a failed flush (the rows kept) the next try waits for
        // another batch, so a file locked by another program costs one busy timeout a
        // batch, not one a user.
        if pending.count % Self.batch == 0 { try flush() }
    }

    public func flush() throws(AWSError) {
        guard !pending.isEmpty else { return }
        let rows = pending
        do {
            try queue.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO restored_subs(pool_id, username, new_username, old_sub, new_sub) VALUES (?, ?, ?, ?, ?)
                    """)
                for r in rows { try insert.execute(arguments: [r.pool, r.username, r.newUsername, r.oldSub, r.newSub]) }
            }
            pending.removeFirst(rows.count)   // kept when the write failed: the next flush tries again
        } catch {
            throw SnapshotFile.error(path, error)
        }
    }

    public func close() throws(AWSError) {
        try flush()
        try? queue.close()
    }
}
