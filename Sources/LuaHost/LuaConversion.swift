import CLua
import CLuaShim

/// Why a Lua value could not become a Swift value. `keys` lead from the converted
/// value to the offending table, outermost first; the host formats them as a path.
public struct LuaConversionError: Error, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case cycle
        case tooDeep(limit: Int)
        case stackExhausted
    }
    public var reason: Reason
    public var keys: [LuaValue]

    /// What is wrong with the value at the path, as the rest of a sentence.
    public var problem: String {
        switch reason {
        case .cycle: return "contains a cycle (a table that contains itself)"
        case .tooDeep(let limit): return "is nested deeper than \(limit) levels"
        case .stackExhausted: return "is nested too deeply for the Lua stack"
        }
    }
}

extension LuaStack {
    /// Tables nested deeper than this are refused, on the way in and on the way out.
    public static let defaultDepthLimit = 100

    // MARK: Lua → Swift

    /// Copies the value at `index` into Swift, rejecting cycles and excessive depth.
    public func value(at index: Int32, depthLimit: Int = LuaStack.defaultDepthLimit) throws(LuaConversionError) -> LuaValue {
        var walk = Walk(limit: depthLimit)
        return try read(absolute(index), depth: 0, walk: &walk)
    }

    /// The state of one conversion: tables being visited (for cycles) and the keys
    /// leading to the current value, kept for the error that may need them.
    private struct Walk {
        let limit: Int
        var visiting = Set<UnsafeRawPointer>()
        var keys: [LuaValue] = []

        func error(_ reason: LuaConversionError.Reason) -> LuaConversionError {
            LuaConversionError(reason: reason, keys: keys)
        }
    }

    private func read(_ index: Int32, depth: Int, walk: inout Walk) throws(LuaConversionError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(bytes(at: index) ?? [])
        case LUA_TTABLE: return .table(try readTable(index, depth: depth, walk: &walk))
        default: return .opaque(String(cString: lua_typename(L, lua_type(L, index))))
        }
    }

    private func readTable(_ index: Int32, depth: Int, walk: inout Walk) throws(LuaConversionError) -> LuaTable {
        guard depth < walk.limit else { throw walk.error(.tooDeep(limit: walk.limit)) }
        guard let identity = lua_topointer(L, index) else { return LuaTable() }
        guard walk.visiting.insert(identity).inserted else { throw walk.error(.cycle) }
        defer { walk.visiting.remove(identity) }
        guard ensure(4) else { throw walk.error(.stackExhausted) }

        var table = LuaTable(metatableName: metatableName(of: index))
        // The sequence part first, by raw index, then every other key with lua_next.
        var n: lua_Integer = 1
        while lua_rawgeti(L, index, n) != LUA_TNIL {
            walk.keys.append(.integer(n))
            table.sequence.append(try read(absolute(-1), depth: depth + 1, walk: &walk))
            walk.keys.removeLast()
            pop()
            n += 1
        }
        pop()
        let count = lua_Integer(table.sequence.count)
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            if lua_isinteger(L, -2) != 0 {
                let k = lua_tointegerx(L, -2, nil)
                if k >= 1 && k <= count { pop(); continue }
            }
            let key = try read(absolute(-2), depth: depth + 1, walk: &walk)
            walk.keys.append(key)
            let value = try read(absolute(-1), depth: depth + 1, walk: &walk)
            walk.keys.removeLast()
            table.fields[key] = value
            pop()
        }
        return table
    }

    /// The `__name` of a value's metatable, read raw.
    public func metatableName(of index: Int32) -> String? {
        guard lua_getmetatable(L, index) != 0 else { return nil }
        defer { pop() }
        guard getField("__name", in: -1) == .string else { pop(); return nil }
        defer { pop() }
        return string(at: -1)
    }

    // MARK: Swift → Lua

    /// Pushes a Swift value. `.opaque` values cannot be recreated and push nil.
    /// Returns false (pushing nothing) when the Lua stack cannot grow for the nesting.
    @discardableResult
    public func push(_ value: LuaValue) -> Bool {
        guard ensure(3) else { return false }
        switch value {
        case .nil, .opaque: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let bytes): pushBytes(bytes)
        case .table(let t):
            lua_createtable(L, Int32(clamping: t.sequence.count), Int32(clamping: t.fields.count))
            for (i, v) in t.sequence.enumerated() {
                guard push(v) else { pop(); return false }
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            for (k, v) in t.fields {
                if case .nil = k { continue }
                if case .number(let d) = k, d.isNaN { continue }
                guard push(k) else { pop(); return false }
                guard push(v) else { pop(2); return false }
                lua_rawset(L, -3)
            }
        }
        return true
    }
}
