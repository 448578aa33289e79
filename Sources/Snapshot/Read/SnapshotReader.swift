import AWSCore
import Foundation
import GRDB
import Synchronization

/// A snapshot opened read-only (DESIGN.md: readers never change the file). Users come
/// in keyset batches, so an iterator over a million users holds one batch at a time
/// and no statement stays open between two calls from Lua.
public final class SnapshotReader: Sendable {
    public let path: String
    public let meta: SnapshotMeta
    let queue: DatabaseQueue
    private let state = Mutex(State())

    private struct State {
        var closed = false
        /// Queries being read: each one's result in a temporary table.
        var nextQuery = 0
    }

    public init(path: String) throws(AWSError) {
        self.path = path
        queue = try SnapshotFile.openReadOnly(path)
        meta = try SnapshotFile.meta(of: queue, path: path)
    }

    /// Closes the file; what is asked of the reader afterwards is an error, not a crash.
    public func close() {
        let wasOpen = state.withLock { s in
            defer { s.closed = true }
            return !s.closed
        }
        if wasOpen { try? queue.close() }
    }

    /// A user with its groups, as `db:users()` yields it.
    public struct User: Sendable, Equatable {
        public var record: UserRecord
        public var groups: [String]
        /// What the user is matched by in a diff (its username, or an alias).
        public var key: String
        /// Where a batch after this user starts.
        public var position: Position { Position(key: key, username: record.username) }
    }

    /// A place in key order: users sharing a key (an alias two users hold) are ordered
    /// by username, so a batch boundary between them skips neither.
    public struct Position: Sendable, Equatable {
        public var key: String
        public var username: String
        public init(key: String, username: String) {
            self.key = key
            self.username = username
        }
    }

    /// Up to `limit` users after `position` in order, matching the SQL condition `filter`
    /// over the `users` table (its `arguments` bound). `alias`: users are keyed and ordered
    /// by that attribute (e-mail or phone when it is the pool's username), then by
    /// username; only users that have it (a NULL or non-text value counts as lacking it).
    /// `withoutAlias`: only the users lacking that attribute, keyed by username.
    public func users(after position: Position?, limit: Int, filter: String? = nil, arguments: [SQLValue] = [],
                      alias: String? = nil, withoutAlias: String? = nil) throws(AWSError) -> [User] {
        var sql: String
        var args: [SQLValue] = []
        let order: String
        if let alias {
            sql = "SELECT a.value AS key, u.* FROM attributes a JOIN users u ON u.username = a.username WHERE a.name = ? AND typeof(a.value) = 'text'"
            args.append(.text(alias))
            if let position {
                sql += " AND (a.value, u.username) > (?, ?)"
                args += [.text(position.key), .text(position.username)]
            }
            order = " ORDER BY a.value, u.username"
        } else {
            sql = "SELECT u.username AS key, u.* FROM users u WHERE 1"
            if let withoutAlias {
                sql += " AND NOT EXISTS (SELECT 1 FROM attributes a WHERE a.username = u.username AND a.name = ? AND typeof(a.value) = 'text')"
                args.append(.text(withoutAlias))
            }
            if let position { sql += " AND u.username > ?"; args.append(.text(position.username)) }
            order = " ORDER BY u.username"
        }
        if let filter {
            // The caller's condition over the users table (its columns unqualified resolve
            // to `u`'s): evaluated as the batch's range is scanned, once per user.
            sql += " AND (\n\(filter)\n)"
            args += arguments
        }
        sql += order + " LIMIT \(max(1, limit))"
        return try read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args.map(\.databaseValue)))
            guard !rows.isEmpty else { return [] }
            // A file edited by hand may hold what cogsh never writes (a NULL or numeric
            // username): an error, where GRDB's typed subscript would stop the process.
            let names = try rows.map { row throws -> String in
                guard let name = row.text("username") else {
                    throw SnapshotFile.error(path, "a user whose username is not text")
                }
                return name
            }
            // The batch's users' attributes and groups, by their primary keys: the
            // usernames need not be neighbours (a batch in alias or filter order).
            let list = String(decoding: try JSONCodec.encode(.array(names.map { .string($0) })), as: UTF8.self)
            var attributes: [String: [UserRecord.Attribute]] = [:]
            var groups: [String: [String]] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT username, name, value FROM attributes WHERE username IN (SELECT value FROM json_each(?)) ORDER BY username, name
                """, arguments: [list]) {
                guard let user = r.text("username"), let name = r.text("name"), let value = r.text("value") else { continue }
                attributes[user, default: []].append(UserRecord.Attribute(name: name, value: value))
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT username, group_name FROM memberships WHERE username IN (SELECT value FROM json_each(?)) ORDER BY username, group_name
                """, arguments: [list]) {
                guard let user = r.text("username"), let group = r.text("group_name") else { continue }
                groups[user, default: []].append(group)
            }
            return zip(rows, names).map { row, name in
                var mfa: [String: JSONValue] = [:]
                if let text = row.text("mfa"), case .object(let o)? = try? JSONCodec.decode(Array(text.utf8)) { mfa = o }
                let record = UserRecord(username: name, sub: row.text("sub"), status: row.text("status"),
                                        enabled: Int64.fromDatabaseValue(row["enabled"]) != 0,
                                        created: Double.fromDatabaseValue(row["created"]), modified: Double.fromDatabaseValue(row["modified"]),
                                        attributes: attributes[name] ?? [], mfa: mfa)
                return User(record: record, groups: groups[name] ?? [], key: row.text("key") ?? name)
            }
        }
    }

    /// One user by username (nil when the snapshot does not hold it).
    public func user(named username: String) throws(AWSError) -> User? {
        let found = try users(after: nil, limit: 1, filter: "username = ?", arguments: [.text(username)])
        return found.first
    }

    /// A query's result: its column names and rows.
    public struct Rows: Sendable {
        public var columns: [String]
        public var rows: [[SQLValue]]
    }

    /// A query being read a batch at a time.
    public struct Query: Sendable {
        public let id: Int
        public let columns: [String]
        /// The query's rows are in this temporary table (SELECT queries), else in `rows`.
        let table: String?
        let rows: [[SQLValue]]
    }

    /// Runs a query once. A SELECT (WITH, VALUES) fills a temporary table, read a batch
    /// at a time by rowid, so a million rows cost neither a million rows of memory nor a
    /// query per batch; anything else that reads (PRAGMA, EXPLAIN) is kept whole. A
    /// statement that writes is refused (the file is opened read-only besides).
    public func startQuery(_ sql: String, arguments: [SQLValue]) throws(AWSError) -> Query {
        let id = state.withLock { s in
            s.nextQuery += 1
            return s.nextQuery
        }
        return try read { db in
            let statement = try db.makeStatement(sql: sql)
            guard statement.isReadonly else { throw Self.refused }
            let args = StatementArguments(arguments.map(\.databaseValue))
            guard Self.isSelect(sql) else {
                let rows = try Row.fetchAll(db, sql: sql, arguments: args)
                return Query(id: id, columns: Self.unique(statement.columnNames), table: nil,
                             rows: rows.map { Array($0.databaseValues.map(SQLValue.init)) })
            }
            let table = "cogsh_query_\(id)"
            try db.execute(sql: "CREATE TEMP TABLE \(table) AS SELECT * FROM (\n\(Self.trimmed(sql))\n)", arguments: args)
            return Query(id: id, columns: Self.unique(statement.columnNames), table: table, rows: [])
        }
    }

    /// The rows of a started query after the first `offset`, at most `limit`.
    public func fetch(_ query: Query, offset: Int, limit: Int) throws(AWSError) -> [[SQLValue]] {
        guard let table = query.table else { return Array(query.rows.dropFirst(offset).prefix(limit)) }
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM temp.\(table) WHERE rowid > ? ORDER BY rowid LIMIT ?", arguments: [offset, limit])
                .map { Array($0.databaseValues.map(SQLValue.init)) }
        }
    }

    /// Drops a query's temporary table (when its last batch was read).
    public func finish(_ query: Query) {
        guard let table = query.table else { return }
        _ = try? read { db in try db.execute(sql: "DROP TABLE IF EXISTS temp.\(table)") }
    }

    /// The column names a query would give, without running it (a statement that would
    /// write is refused here too).
    public func columns(_ sql: String) throws(AWSError) -> [String] {
        try read { db in
            let statement = try db.makeStatement(sql: sql)
            guard statement.isReadonly else { throw Self.refused }
            return Self.unique(statement.columnNames)
        }
    }

    /// Column names made unique as SQLite's CREATE TABLE AS makes them (`value`,
    /// `value:1`), so a row table keyed by name loses no column.
    static func unique(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return names.map { name in
            defer { seen[name, default: 0] += 1 }
            guard let n = seen[name] else { return name }
            return "\(name):\(n)"
        }
    }

    /// Every row of a query at once (small results: counts, a group's members).
    public func query(_ sql: String, arguments: [SQLValue], offset: Int = 0, limit: Int = .max) throws(AWSError) -> Rows {
        let q = try startQuery(sql, arguments: arguments)
        defer { finish(q) }
        return Rows(columns: q.columns, rows: try fetch(q, offset: offset, limit: limit))
    }

    static let refused = AWSError(kind: .config, code: LocalErrorCode.validation.rawValue,
                                  message: "a query may read the snapshot, not change it (it is opened read-only)")

    static func isSelect(_ sql: String) -> Bool {
        var text = Substring(sql)
        while true {
            text = text.drop { $0.isWhitespace }
            if text.hasPrefix("--") { text = text.drop { $0 != "\n" }; continue }
            if text.hasPrefix("/*"), let end = text.range(of: "*/") { text = text[end.upperBound...]; continue }
            break
        }
        let word = text.prefix { $0.isLetter }.uppercased()
        return word == "SELECT" || word == "WITH" || word == "VALUES"
    }

    static func trimmed(_ sql: String) -> String {
        var s = Substring(sql)
        while let last = s.last, last.isWhitespace || last == ";" { s = s.dropLast() }
        return String(s)
    }

    func read<T>(_ body: (Database) throws -> T) throws(AWSError) -> T {
        if state.withLock({ $0.closed }) { throw SnapshotFile.error(path, "the snapshot was closed (db:close()); open it again") }
        do {
            // Temporary tables of queries: a read-only connection may still make those.
            return try queue.inDatabase(body)
        } catch let e as AWSError {
            throw e
        } catch let e as DatabaseError where e.resultCode == .SQLITE_ERROR || e.resultCode == .SQLITE_READONLY {
            // A mistake in the SQL (a misspelt column, a syntax error): bad input, nothing changed.
            throw AWSError(kind: .config, code: LocalErrorCode.validation.rawValue, message: "snapshot \(path): \(e.message ?? "\(e)")")
        } catch {
            throw SnapshotFile.error(path, error)
        }
    }
}

/// A value SQLite holds, as the layers above convert it.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .text(s)
        case .blob(let b): self = .blob(Array(b))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .int(let i): return i.databaseValue
        case .double(let d): return d.databaseValue
        case .text(let s): return s.databaseValue
        case .blob(let b): return Data(b).databaseValue
        }
    }
}

private extension Row {
    /// A column's text, nil for NULL or another type: GRDB's typed subscript would stop
    /// the process on a value of the wrong type, which a file edited by hand may hold.
    func text(_ column: String) -> String? { String.fromDatabaseValue(self[column]) }
}
