import AWSCore
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// Opening snapshot files: created private (0600, whatever the umask: they hold
/// personal data), written in WAL mode, read read-only. Every failure is an AWSError of
/// kind config naming the file, so the layers above report it as a ConfigError.
public enum SnapshotFile {
    /// What is at a path before a snapshot is taken into it.
    public enum State: Sendable {
        case absent
        case snapshot(SnapshotMeta)
    }

    /// Creates an empty file readable by its owner only.
    static func createPrivate(_ path: String) throws(AWSError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw error(path, "cannot create it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // The mode given to open() is cut by the umask; the file must be 0600 whatever it is.
        guard fchmod(fd, 0o600) == 0 else { throw error(path, "cannot make it private: \(String(cString: strerror(errno)))") }
    }

    /// Refuses a path whose directory cannot take a new file, before any call is sent.
    static func checkWritable(_ path: String) throws(AWSError) {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw error(path, "its directory \(dir) does not exist")
        }
        guard access(dir, W_OK) == 0 else { throw error(path, "its directory \(dir) is not writable") }
    }

    /// The code of the error for a snapshot another run is writing (exit 75, as --lock).
    public static let lockCode = "LockError"

    /// Takes the exclusive lock of a snapshot being written: flock on a descriptor of its
    /// own (SQLite's locks are POSIX record locks, which flock does not touch), held until
    /// the store closes; the kernel frees it however the run ends. Another run holding it
    /// is refused with LockError.
    static func lock(_ path: String) throws(AWSError) -> Int32 {
        if !FileManager.default.fileExists(atPath: path) { try createPrivate(path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(path, "cannot open it: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            close(fd)
            if e == EWOULDBLOCK {
                throw AWSError(kind: .config, code: lockCode, message: "snapshot \(path): another run is taking it now")
            }
            throw error(path, "cannot lock it: \(String(cString: strerror(e)))")
        }
        return fd
    }

    /// Opens (creating if needed) a snapshot for writing: WAL while pages are written.
    static func openForWriting(_ path: String) throws(AWSError) -> DatabaseQueue {
        if !FileManager.default.fileExists(atPath: path) {
            try createPrivate(path)
        } else {
            guard chmod(path, 0o600) == 0 else { throw error(path, "cannot make it private: \(String(cString: strerror(errno)))") }
        }
        var config = Configuration()
        config.label = "snapshot"
        // A reader of the file (sqlite3, -m query) may hold a lock for a moment.
        config.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                // A crash loses at most the last transactions, never the file's consistency.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            return queue
        } catch {
            throw Self.error(path, error)
        }
    }

    /// Opens a snapshot read-only: nothing a reader runs can change it.
    public static func openReadOnly(_ path: String, checkingFormat: Bool = true) throws(AWSError) -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else { throw error(path, "no such file") }
        var config = Configuration()
        config.readonly = true
        config.label = "snapshot-reader"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
            throw error(path, notASnapshot)
        } catch {
            throw Self.error(path, error)
        }
        if checkingFormat { _ = try meta(of: queue, path: path) }
        return queue
    }

    /// What `path` holds: nothing, or a snapshot (a file that is not one is an error).
    public static func inspect(_ path: String) throws(AWSError) -> State {
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        // An empty file (a temporary name made for it, as os.tmpname does) is a new one.
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == 0 { return .absent }
        let queue = try openReadOnly(path, checkingFormat: false)
        // A run killed between making the file and writing its tables leaves an SQLite
        // file with nothing in it: a new snapshot still, not a foreign file.
        let tables: Int
        do {
            tables = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0 }
        } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
            throw error(path, notASnapshot)
        } catch {
            throw Self.error(path, error)
        }
        if tables == 0 { return .absent }
        return .snapshot(try meta(of: queue, path: path))
    }

    /// Reads `meta`, checking the file is a snapshot of this format.
    static func meta(of queue: DatabaseQueue, path: String) throws(AWSError) -> SnapshotMeta {
        let rows: [String: String]
        do {
            rows = try queue.read { db in
                guard try db.tableExists("meta") else { return [:] }
                return Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                    (($0["key"] as String?) ?? "", ($0["value"] as String?) ?? "")
                }) { $1 }
            }
        } catch let e as DatabaseError where e.resultCode == .SQLITE_NOTADB {
            throw error(path, notASnapshot)
        } catch {
            throw Self.error(path, error)
        }
        guard let format = rows["format"] else {
            throw error(path, "it is not a cogsh snapshot (no meta table with a format)")
        }
        guard format == SnapshotSchema.format else {
            throw error(path, "it is a snapshot of another format (\(format)); this cogsh reads \(SnapshotSchema.format)")
        }
        return SnapshotMeta(rows: rows)
    }

    /// Puts a complete snapshot (`work`) in place of `target`, in one rename: a reader of
    /// `target` sees the old file or the new one, never half of either.
    static func replace(_ target: String, with work: String) throws(AWSError) {
        guard rename(work, target) == 0 else {
            throw error(target, "cannot replace it with \(work): \(String(cString: strerror(errno)))")
        }
    }

    static let notASnapshot = "it is not a cogsh snapshot (not an SQLite database)"

    static func error(_ path: String, _ message: String) -> AWSError {
        AWSError.config("snapshot \(path): \(message)")
    }

    /// An SQLite failure (a full disk, a locked file), in words.
    static func error(_ path: String, _ error: Error) -> AWSError {
        if let e = error as? AWSError { return e }
        if let e = error as? DatabaseError {
            let message = e.message ?? "\(e.resultCode)"
            // Writes fail this way when the disk (or the file-size limit) is full; every
            // page is its own transaction, so what was written is still a valid snapshot.
            if e.resultCode == .SQLITE_FULL || e.resultCode == .SQLITE_IOERR {
                return Self.error(path, "\(message) (is the disk full?); the file is still a valid snapshot, and the same command goes on with it once there is room")
            }
            return Self.error(path, message)
        }
        return Self.error(path, "\(error)")
    }
}
