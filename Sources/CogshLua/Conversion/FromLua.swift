import AWSCore
import Cognito
import LuaHost

/// Where a Lua value, already copied out of the state (LuaHost's LuaValue), becomes
/// what the Swift side works with: the loosely typed parameters the Cognito model
/// validates, or a JSON document for `json.encode`. The model, not the Lua shape,
/// decides what is a list or a map; `json.null` and `json.array` tables keep their meaning.
enum FromLua {
    /// How validation messages and the attribute shorthand write Lua values.
    static let notation = ValueNotation(language: "Lua", null: "json.null", float: { LuaNumberFormat.float($0) })

    // MARK: Parameters

    static func param(_ value: LuaValue) -> ParamValue {
        switch value {
        case .nil: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d): return .double(d)
        case .string(let bytes): return .string(bytes)
        case .opaque(let type): return .unsupported(type)
        case .table(let t):
            if t.metatableName == ToLua.nullName { return .null }
            let fields = t.fields.map { (key: paramKey($0.key), value: param($0.value)) }
                .sorted { $0.key < $1.key }
            return .table(ParamTable(sequence: t.sequence.map(param), fields: fields))
        }
    }

    static func paramKey(_ k: LuaValue) -> ParamKey {
        switch k {
        case .string: return k.text.map(ParamKey.string) ?? .other("string (not UTF-8)")
        case .integer(let i): return .int(i)
        default: return .other(k.typeName)
        }
    }

    // MARK: JSON

    /// Why a value cannot be JSON, and where (a FieldPath).
    struct JSONFailure: Error {
        var path: String
        var reason: String
    }

    static func json(_ value: LuaValue, path: String = "") throws(JSONFailure) -> JSONValue {
        switch value {
        case .nil: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d):
            guard d.isFinite else { throw JSONFailure(path: path, reason: "cannot encode \(d.isNaN ? "NaN" : "an infinite number") in JSON") }
            return .double(d)
        case .string(let bytes):
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw JSONFailure(path: path, reason: "string is not valid UTF-8")
            }
            return .string(s)
        case .opaque(let type):
            throw JSONFailure(path: path, reason: "cannot encode a \(type) in JSON")
        case .table(let t):
            if t.metatableName == ToLua.nullName { return .null }
            if t.metatableName == ToLua.arrayName || (t.fields.isEmpty && !t.sequence.isEmpty) {
                if let stray = t.fields.keys.first {
                    throw JSONFailure(path: FieldPaths.append(stray, to: path), reason: "an array (json.array) cannot have other keys")
                }
                var items: [JSONValue] = []
                items.reserveCapacity(t.sequence.count)
                for (i, item) in t.sequence.enumerated() {
                    items.append(try json(item, path: FieldPaths.append(.integer(Int64(i + 1)), to: path)))
                }
                return .array(items)
            }
            if !t.sequence.isEmpty {
                throw JSONFailure(path: FieldPaths.append(.integer(1), to: path), reason: "a table with both array items and keys cannot be encoded (use strings for all keys, or json.array for a list)")
            }
            var members: [String: JSONValue] = [:]
            for (key, item) in t.fields {
                guard case .string(let kb) = key, let k = String(validating: kb, as: UTF8.self) else {
                    throw JSONFailure(path: FieldPaths.append(key, to: path), reason: "object keys must be strings, not \(key.typeName)")
                }
                members[k] = try json(item, path: FieldPaths.append(key, to: path))
            }
            return .object(members)
        }
    }
}
