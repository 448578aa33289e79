import CSV
import Foundation
import LuaHost

/// `csv.rows(path[, opts])` iterates records keyed by the header row;
/// `csv.writer(path[, opts])` writes rows. Parsing is CSV.swift's (quoted fields,
/// embedded newlines, CRLF, a UTF-8 BOM); this file only maps it onto Lua.
enum CSVModule {
    static let module: LuaModule = LuaModule(name: "csv", definitions: .builtin("csv.d.lua")) { context in
        context.state.pushModule("csv", functions: [("rows", rows), ("writer", writer)])
        context.state.stack.pop()
    }

    struct Options {
        var delimiter: UnicodeScalar = ","
        var header = true
        var columns: [String]? = nil

        init(_ value: LuaValue?, function: String) throws {
            guard let value, case .table(let t) = value else {
                if let value, value != .nil { throw CSVModule.invalid("\(function): options must be a table") }
                return
            }
            for (key, v) in t.fields {
                switch (key.text, v) {
                case ("delimiter"?, .string(let b)) where b.count == 1 && b[0] < 0x80:
                    delimiter = UnicodeScalar(b[0])
                case ("header"?, .boolean(let h)):
                    header = h
                case ("header"?, .table(let cols)) where cols.fields.isEmpty:
                    columns = try cols.sequence.enumerated().map { i, c in
                        guard let s = c.text else { throw CSVModule.invalid("\(function): header[\(i + 1)] must be a string") }
                        return s
                    }
                default:
                    throw CSVModule.invalid("\(function): unknown or invalid option '\(key.text ?? key.typeName)' (expected delimiter = one character, header = boolean\(function == "csv.writer" ? " or a list of column names" : ""))")
                }
            }
        }
    }

    static func invalid(_ message: String, field: String = "") -> CogshError {
        CogshError.validation(message, field: field)
    }

    static func path(_ s: LuaStack, function: String) throws -> String {
        guard s.type(at: 1) == .string, let path = s.string(at: 1) else {
            throw invalid("\(function): expected a file path as the first argument")
        }
        return path
    }

    static func cannotOpen(_ path: String, _ function: String) -> LuaErrorMessage {
        LuaErrorMessage("\(function): cannot open \(path): \(String(cString: strerror(errno)))")
    }

    // MARK: Reading

    static func rows(_ s: LuaStack) throws -> Int32 {
        let path = try path(s, function: "csv.rows")
        let options = try Options(s.top >= 2 ? try s.value(at: 2) : nil, function: "csv.rows")
        guard access(path, R_OK) == 0, let stream = InputStream(fileAtPath: path) else {
            throw cannotOpen(path, "csv.rows")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: options.header, delimiter: options.delimiter)
        } catch {
            throw CogshError(.parse, "csv.rows: \(path): cannot read the header row")
        }
        let header = reader.headerRow
        var record = options.header ? 1 : 0
        s.pushFunction { s in
            guard let fields = reader.next() else {
                // CSV.swift reports the end of the file as a read error; only a stream
                // that has not reached its end really failed.
                if let error = reader.error, stream.streamStatus != .atEnd {
                    throw CogshError(.parse, "csv.rows: \(path): record \(record + 1): \(error)")
                }
                return 0
            }
            record += 1
            guard let header else {
                return s.returning(.table(LuaTable(sequence: fields.map { .string($0) })))
            }
            guard fields.count == header.count else {
                throw CogshError(.parse, "csv.rows: \(path): record \(record) has \(fields.count) fields, the header has \(header.count)", fields: [("record", .integer(Int64(record)))])
            }
            var row = LuaTable()
            for (name, field) in zip(header, fields) { row.fields[.string(name)] = .string(field) }
            return s.returning(.table(row))
        }
        return 1
    }

    // MARK: Writing

    final class Writer {
        let stream: OutputStream
        let csv: CSVWriter
        var columns: [String]?
        var wroteHeader = false
        var closed = false
        var rows = 0

        init(path: String, options: Options) throws {
            guard let stream = OutputStream(toFileAtPath: path, append: false) else { throw CSVModule.invalid("cannot open \(path)") }
            self.stream = stream
            csv = try CSVWriter(stream: stream, delimiter: String(options.delimiter))
            columns = options.columns
        }

        func write(_ row: LuaTable) throws {
            if closed { throw CSVModule.invalid("csv writer: write after close") }
            var fields: [String]
            if row.fields.isEmpty {
                fields = try row.sequence.enumerated().map { try Writer.field($1, "[\($0 + 1)]") }
            } else {
                guard let columns else {
                    throw CSVModule.invalid("csv writer: a row keyed by name needs csv.writer(path, { header = { ...column names } })")
                }
                if let extra = row.fields.keys.first(where: { k in !columns.contains(where: { $0 == k.text }) }) {
                    throw CSVModule.invalid("csv writer: row has a key '\(extra.text ?? extra.typeName)' that is not in the header", field: extra.text ?? "")
                }
                fields = try columns.map { try Writer.field(row.fields[.string($0)] ?? .string(""), $0) }
            }
            if let columns, !wroteHeader {
                try csv.write(row: columns)
                wroteHeader = true
            }
            try csv.write(row: fields)
            rows += 1
        }

        static func field(_ value: LuaValue, _ name: String) throws -> String {
            switch value {
            case .string(let b):
                guard let s = String(validating: b, as: UTF8.self) else { throw CSVModule.invalid("csv writer: \(name) is not valid UTF-8", field: name) }
                return s
            case .integer(let i): return String(i)
            case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            case .boolean(let b): return b ? "true" : "false"
            case .nil: return ""
            default: throw CSVModule.invalid("csv writer: \(name) is a \(value.typeName); fields must be strings, numbers or booleans", field: name)
            }
        }

        func close() {
            guard !closed else { return }
            closed = true
            if rows > 0 || wroteHeader {
                let newline: [UInt8] = [10]
                _ = stream.write(newline, maxLength: 1)
            }
            stream.close()
        }

        deinit { close() }
    }

    static func writer(_ s: LuaStack) throws -> Int32 {
        let path = try path(s, function: "csv.writer")
        let options = try Options(s.top >= 2 ? try s.value(at: 2) : nil, function: "csv.writer")
        let writer: Writer
        do { writer = try Writer(path: path, options: options) } catch { throw cannotOpen(path, "csv.writer") }
        s.newTable(fields: 2)
        s.pushFunction { s in
            guard s.type(at: 2) == .table, case .table(let row) = try s.value(at: 2) else {
                throw CSVModule.invalid("csv writer: write expects a row table (use w:write(row))")
            }
            try writer.write(row)
            return 0
        }
        s.setField("write", in: -2)
        s.pushFunction { _ in writer.close(); return 0 }
        s.setField("close", in: -2)
        return 1
    }
}
