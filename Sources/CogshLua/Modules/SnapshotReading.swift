import AWSCore
import LuaHost
import Snapshot

/// The reading half of the `snapshot` module: an opened snapshot's batches of users and
/// of query rows, and a diff's batches of differences, as Lua values.
enum SnapshotReading {
    static let batch = 500

    /// open(path) → { path, meta = {...}, users = f(after, limit, filter, args...) -> users, last key,
    ///               query = f(sql, offset, limit, args...) -> columns, rows, close = f() }
    static func open(_ s: LuaStack) throws -> Int32 {
        guard let path = s.string(at: 1) else {
            throw CogshError.validation("snapshot.open expects a file path (a string), got a \(s.type(at: 1).name)", field: "file")
        }
        let reader: SnapshotReader
        do throws(AWSError) { reader = try SnapshotReader(path: path) } catch { throw CogshError(error) }
        var meta = LuaTable()
        for (k, v) in reader.meta.rows { meta.fields[.string(k)] = .string(v) }
        let queries = OpenQueries()
        s.newTable(fields: 8)
        s.pushString(path)
        s.setField("path", in: -2)
        s.push(.table(meta))
        s.setField("meta", in: -2)
        s.pushFunction { s in try users(s, reader) }
        s.setField("users", in: -2)
        s.pushFunction { s in try startQuery(s, reader, queries) }
        s.setField("query_start", in: -2)
        s.pushFunction { s in try fetchQuery(s, reader, queries) }
        s.setField("query_fetch", in: -2)
        s.pushFunction { s in
            if let id = s.integer(at: 1), let q = queries.all.removeValue(forKey: Int(id)) { reader.finish(q) }
            return 0
        }
        s.setField("query_finish", in: -2)
        s.pushFunction { s in
            guard let sql = s.string(at: 1) else { throw CogshError.validation("db:columns expects SQL text", field: "sql") }
            let names = try lua { () throws(AWSError) in try reader.columns(sql) }
            return s.returning(.table(LuaTable(sequence: names.map { .string($0) })))
        }
        s.setField("columns", in: -2)
        s.pushFunction { _ in reader.close(); return 0 }
        s.setField("close", in: -2)
        return 1
    }

    /// The queries of one opened snapshot being read, by id.
    final class OpenQueries { var all: [Int: SnapshotReader.Query] = [:] }

    /// A reader's failure as the error Lua gets: SQL mistakes are bad input.
    static func lua<T>(_ body: () throws(AWSError) -> T) throws -> T {
        do throws(AWSError) {
            return try body()
        } catch where error.code == LocalErrorCode.validation.rawValue {
            throw CogshError.validation(error.message, field: "sql")
        } catch {
            throw CogshError(error)
        }
    }

    static func users(_ s: LuaStack, _ reader: SnapshotReader) throws -> Int32 {
        let after = s.string(at: 1).map { SnapshotReader.Position(key: $0, username: $0) }
        let limit = Int(s.integer(at: 2) ?? Int64(batch))
        let filter = s.string(at: 3)
        let args = try arguments(s, from: 4)
        let found = try lua { () throws(AWSError) in try reader.users(after: after, limit: limit, filter: filter, arguments: args) }
        s.newTable(sequence: found.count)
        for (i, u) in found.enumerated() {
            ToLua.push(userJSON(u), on: s, attributeLists: true)
            s.setIndex(Int64(i + 1), in: -2)
        }
        if let last = found.last { s.pushString(last.key) } else { s.pushNil() }
        return 2
    }

    /// A user as ListUsers' UserType reads (so a script moves between live data and a
    /// snapshot unchanged), plus `Groups`.
    static func userJSON(_ u: SnapshotReader.User) -> JSONValue {
        let r = u.record
        var o: [String: JSONValue] = [
            "Username": .string(r.username), "Enabled": .bool(r.enabled),
            "Attributes": .array(r.attributes.map { .object(["Name": .string($0.name), "Value": .string($0.value)]) }),
            "Groups": .array(u.groups.map { .string($0) }),
        ]
        if let status = r.status { o["UserStatus"] = .string(status) }
        if let c = r.created { o["UserCreateDate"] = .double(c) }
        if let m = r.modified { o["UserLastModifiedDate"] = .double(m) }
        if let options = r.mfa["MFAOptions"] { o["MFAOptions"] = options }
        return .object(o)
    }

    /// query_start(sql, args...) → id, columns: the query runs once, its rows kept aside.
    static func startQuery(_ s: LuaStack, _ reader: SnapshotReader, _ queries: OpenQueries) throws -> Int32 {
        guard let sql = s.string(at: 1) else {
            throw CogshError.validation("db:query expects SQL text (a string), got a \(s.type(at: 1).name)", field: "sql")
        }
        let args = try arguments(s, from: 2)
        let q = try lua { () throws(AWSError) in try reader.startQuery(sql, arguments: args) }
        queries.all[q.id] = q
        s.pushInteger(Int64(q.id))
        s.push(.table(LuaTable(sequence: q.columns.map { .string($0) })))
        return 2
    }

    /// query_fetch(id, offset, limit) → rows (tables keyed by column name).
    static func fetchQuery(_ s: LuaStack, _ reader: SnapshotReader, _ queries: OpenQueries) throws -> Int32 {
        guard let id = s.integer(at: 1), let q = queries.all[Int(id)] else { s.newTable(); return 1 }
        let offset = Int(s.integer(at: 2) ?? 0), limit = Int(s.integer(at: 3) ?? Int64(batch))
        let rows = try lua { () throws(AWSError) in try reader.fetch(q, offset: offset, limit: limit) }
        s.newTable(sequence: rows.count)
        for (i, row) in rows.enumerated() {
            s.newTable(fields: row.count)
            for (column, value) in zip(q.columns, row) {
                s.push(lua(value))
                s.setField(column, in: -2)
            }
            s.setIndex(Int64(i + 1), in: -2)
        }
        return 1
    }

    /// diff(old_path, new_path[, alias[, verify]]) → { next = f() -> a batch of differences };
    /// `verify` leaves out what a restore cannot carry over (DiffOptions.verify).
    static func diff(_ s: LuaStack) throws -> Int32 {
        guard let old = s.string(at: 1), let new = s.string(at: 2) else {
            throw CogshError.validation("snapshot.diff expects two snapshots (file paths or opened snapshots)", field: "old")
        }
        let alias = s.string(at: 3)
        let options = s.boolean(at: 4) ? DiffOptions.verify(alias: alias) : DiffOptions(alias: alias)
        let differ: SnapshotDiff
        do throws(AWSError) {
            differ = SnapshotDiff(old: try SnapshotReader(path: old), new: try SnapshotReader(path: new), options: options)
        } catch { throw CogshError(error) }
        s.newTable(fields: 1)
        s.pushFunction { s in
            let batch: [UserDifference]
            do throws(AWSError) { batch = try differ.next() } catch { throw CogshError(error) }
            s.newTable(sequence: batch.count)
            for (i, d) in batch.enumerated() {
                s.push(.table(table(d)))
                s.setIndex(Int64(i + 1), in: -2)
            }
            return 1
        }
        s.setField("next", in: -2)
        return 1
    }

    /// A difference as `snapshot.diff` yields it: only the fields that differ.
    static func table(_ d: UserDifference) -> LuaTable {
        func text(_ v: String?) -> LuaValue { v.map { .string($0) } ?? .nil }
        var t = LuaTable(fields: ["username": .string(d.username), "change": .string(d.change.rawValue)])
        if !d.attributes.isEmpty {
            var attrs = LuaTable()
            for (name, v) in d.attributes {
                attrs.fields[.string(name)] = .table(LuaTable(fields: ["before": text(v.before), "after": text(v.after)]))
            }
            t.fields["attributes"] = .table(attrs)
        }
        if let e = d.enabled { t.fields["enabled"] = .table(LuaTable(fields: ["before": .boolean(e.before), "after": .boolean(e.after)])) }
        if let st = d.status { t.fields["status"] = .table(LuaTable(fields: ["before": text(st.before), "after": text(st.after)])) }
        if !d.groupsAdded.isEmpty || !d.groupsRemoved.isEmpty {
            t.fields["groups"] = .table(LuaTable(fields: [
                "added": .table(LuaTable(sequence: d.groupsAdded.map { .string($0) })),
                "removed": .table(LuaTable(sequence: d.groupsRemoved.map { .string($0) })),
            ]))
        }
        return t
    }

    static func arguments(_ s: LuaStack, from index: Int32) throws -> [SQLValue] {
        guard s.top >= index else { return [] }
        return try (index...s.top).map { i in
            switch try s.value(at: i) {
            case .nil: return .null
            case .boolean(let b): return .int(b ? 1 : 0)
            case .integer(let n): return .int(n)
            case .number(let d): return .double(d)
            case .string(let bytes): return String(validating: bytes, as: UTF8.self).map(SQLValue.text) ?? .blob(bytes)
            case let v: throw CogshError.validation("a query parameter must be a string, number, boolean or nil, got a \(v.typeName)",
                                                    field: "[\(i)]")
            }
        }
    }

    static func lua(_ v: SQLValue) -> LuaValue {
        switch v {
        case .null: return .nil
        case .int(let i): return .integer(i)
        case .double(let d): return .number(d)
        case .text(let t): return .string(t)
        case .blob(let b): return .string(b)
        }
    }
}
