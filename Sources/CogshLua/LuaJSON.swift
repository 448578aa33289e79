import AWSCore
import CLua
import LuaHost

/// Where a Lua value becomes JSON and back: the `json` module, and the bodies of
/// service calls, both go through here. JSON arrays come back as tables carrying the
/// `json.array` metatable and JSON null as the `json.null` sentinel, so a decoded
/// document encodes to the same JSON again.
enum LuaJSON {
    static let arrayMetatableKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    static let nullKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    static let arrayName = "json.array"
    static let nullName = "json.null"

    /// Creates the array metatable and the null sentinel in `state`'s registry.
    static func install(in state: LuaState) {
        let source = """
        local array_mt = { __name = "json.array" }
        local null = setmetatable({}, { __name = "json.null", __tostring = function() return "null" end,
          __newindex = function() error("json.null is read-only", 2) end })
        return { array_mt = array_mt, null = null }
        """
        guard case .success = state.evaluate(source, name: "=json") else { return }
        let s = state.stack
        s.getField("array_mt", in: -1)
        s.setRegistryValue(arrayMetatableKey)
        s.getField("null", in: -1)
        s.setRegistryValue(nullKey)
        s.pop()
    }

    // MARK: Lua → JSON

    struct EncodeFailure: Error {
        var path: String
        var reason: String
    }

    static func json(from value: LuaValue, path: String = "") throws(EncodeFailure) -> JSONValue {
        switch value {
        case .nil: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d):
            guard d.isFinite else { throw EncodeFailure(path: path, reason: "cannot encode \(d.isNaN ? "NaN" : "an infinite number") in JSON") }
            return .double(d)
        case .string(let bytes):
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw EncodeFailure(path: path, reason: "string is not valid UTF-8")
            }
            return .string(s)
        case .opaque(let type):
            throw EncodeFailure(path: path, reason: "cannot encode a \(type) in JSON")
        case .table(let t):
            if t.metatableName == nullName { return .null }
            if t.metatableName == arrayName || (t.fields.isEmpty && !t.sequence.isEmpty) {
                if let stray = t.fields.keys.first {
                    throw EncodeFailure(path: LuaStack.append(stray, to: path), reason: "an array (json.array) cannot have other keys")
                }
                var items: [JSONValue] = []
                items.reserveCapacity(t.sequence.count)
                for (i, item) in t.sequence.enumerated() {
                    items.append(try json(from: item, path: "\(path)[\(i + 1)]"))
                }
                return .array(items)
            }
            if !t.sequence.isEmpty {
                throw EncodeFailure(path: path.isEmpty ? "[1]" : "\(path)[1]", reason: "a table with both array items and keys cannot be encoded (use strings for all keys, or json.array for a list)")
            }
            var members: [String: JSONValue] = [:]
            for (key, item) in t.fields {
                guard case .string(let kb) = key, let k = String(validating: kb, as: UTF8.self) else {
                    throw EncodeFailure(path: LuaStack.append(key, to: path), reason: "object keys must be strings, not \(key.typeName)")
                }
                members[k] = try json(from: item, path: LuaStack.append(key, to: path))
            }
            return .object(members)
        }
    }

    // MARK: JSON → Lua

    /// Pushes a JSON value as Lua; returns false when the Lua stack cannot grow.
    @discardableResult
    static func push(_ value: JSONValue, on s: LuaStack) -> Bool {
        guard s.ensure(4) else { return false }
        switch value {
        case .null: s.pushRegistryValue(nullKey)
        case .bool(let b): lua_pushboolean(s.L, b ? 1 : 0)
        case .int(let i): lua_pushinteger(s.L, i)
        case .double(let d): lua_pushnumber(s.L, d)
        case .string(let str): s.pushString(str)
        case .array(let items):
            lua_createtable(s.L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                guard push(item, on: s) else { s.pop(); return false }
                lua_rawseti(s.L, -2, lua_Integer(i + 1))
            }
            s.pushRegistryValue(arrayMetatableKey)
            lua_setmetatable(s.L, -2)
        case .object(let members):
            lua_createtable(s.L, 0, Int32(clamping: members.count))
            for (key, item) in members {
                guard push(item, on: s) else { s.pop(); return false }
                s.setField(key, in: -2)
            }
        }
        return true
    }
}
