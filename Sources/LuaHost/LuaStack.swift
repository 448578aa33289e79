import CLua
import CLuaShim

/// A non-owning view of one Lua thread's stack: with LuaState, the only Swift code
/// that touches the C API, so the rest of cogsh never imports it. It uses raw access
/// only, so no metamethod can run and nothing can raise while a Swift frame is live
/// (see DESIGN.md, "the one hard rule").
public struct LuaStack {
    public let L: OpaquePointer

    public init(_ L: OpaquePointer) { self.L = L }

    /// `LUA_MULTRET`: a call keeps every result.
    public static let allResults: Int32 = LUA_MULTRET

    public var top: Int32 {
        get { lua_gettop(L) }
        nonmutating set { lua_settop(L, newValue) }
    }

    public func pop(_ n: Int32 = 1) { cogsh_pop(L, n) }

    /// Moves the top value to `index`, shifting the ones above it up.
    public func insert(at index: Int32) { cogsh_insert(L, index) }

    public func remove(at index: Int32) { cogsh_remove(L, index) }

    /// Pushes a copy of the value at `index`.
    public func pushCopy(of index: Int32) { lua_pushvalue(L, index) }

    /// Makes room for `n` more slots; false when the stack cannot grow.
    public func ensure(_ n: Int32) -> Bool { lua_checkstack(L, n) != 0 }

    public func type(at index: Int32) -> LuaType { LuaType(rawValue: lua_type(L, index)) ?? .none }

    public func absolute(_ index: Int32) -> Int32 { lua_absindex(L, index) }

    // MARK: Scalars

    public func pushNil() { lua_pushnil(L) }
    public func pushBool(_ b: Bool) { lua_pushboolean(L, b ? 1 : 0) }
    public func pushInteger(_ i: Int64) { lua_pushinteger(L, i) }
    public func pushNumber(_ d: Double) { lua_pushnumber(L, d) }

    public func pushString(_ s: String) {
        var s = s
        s.withUTF8 { buf in _ = lua_pushlstring(L, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count) }
    }

    public func pushBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            _ = lua_pushlstring(L, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count)
        }
    }

    public func boolean(at index: Int32) -> Bool { lua_toboolean(L, index) != 0 }

    /// The integer at `index` when it is one (a float with an integral value counts).
    public func integer(at index: Int32) -> Int64? {
        var ok: Int32 = 0
        let v = lua_tointegerx(L, index, &ok)
        return ok != 0 && type(at: index) == .number ? v : nil
    }

    /// The number at `index` when it is one (strings are not converted).
    public func number(at index: Int32) -> Double? {
        type(at: index) == .number ? lua_tonumberx(L, index, nil) : nil
    }

    /// The bytes of the string (or number, converted as Lua does) at `index`.
    /// Numbers are converted on a copy so a table traversal is never disturbed.
    public func bytes(at index: Int32) -> [UInt8]? {
        let t = lua_type(L, index)
        guard t == LUA_TSTRING || t == LUA_TNUMBER else { return nil }
        var len = 0
        if t == LUA_TNUMBER {
            // lua_tolstring turns a number into a string in place: convert a copy.
            guard ensure(1) else { return nil }
            lua_pushvalue(L, index)
            defer { pop() }
            guard let p = lua_tolstring(L, -1, &len) else { return nil }
            return Array(UnsafeRawBufferPointer(start: p, count: len))
        }
        guard let p = lua_tolstring(L, index, &len) else { return nil }
        return Array(UnsafeRawBufferPointer(start: p, count: len))
    }

    public func string(at index: Int32) -> String? {
        bytes(at: index).flatMap { String(validating: $0, as: UTF8.self) }
    }

    // MARK: Tables

    /// Pushes a new table with room for `sequence` items and `fields` other keys.
    public func newTable(sequence: Int = 0, fields: Int = 0) {
        lua_createtable(L, Int32(clamping: sequence), Int32(clamping: fields))
    }

    public func pushGlobals() { cogsh_pushglobaltable(L) }

    /// Reads a global with rawget: a metatable on _G is not consulted.
    public func pushGlobal(_ name: String) {
        pushGlobals()
        pushString(name)
        lua_rawget(L, -2)
        cogsh_remove(L, -2)
    }

    /// Sets a global with rawset, popping the value on top.
    public func setGlobal(_ name: String) {
        pushGlobals()
        pushString(name)
        lua_pushvalue(L, -3)
        lua_rawset(L, -3)
        pop(2)
    }

    /// t[name] = value on top (popped), t at `table`, raw.
    public func setField(_ name: String, in table: Int32) {
        let t = absolute(table)
        pushString(name)
        cogsh_insert(L, -2)
        lua_rawset(L, t)
    }

    /// Pushes t[name], raw, returning its type.
    @discardableResult
    public func getField(_ name: String, in table: Int32) -> LuaType {
        let t = absolute(table)
        pushString(name)
        return LuaType(rawValue: lua_rawget(L, t)) ?? .nil
    }

    /// t[i] = value on top (popped), raw.
    public func setIndex(_ i: Int64, in table: Int32) {
        lua_rawseti(L, table, i)
    }

    /// The raw length of the value at `index` (`#t` without `__len`).
    public func rawLength(at index: Int32) -> Int64 { Int64(lua_rawlen(L, index)) }

    /// Pushes t[i], raw, returning its type.
    @discardableResult
    public func getIndex(_ i: Int64, in table: Int32) -> LuaType {
        LuaType(rawValue: lua_rawgeti(L, table, i)) ?? .nil
    }

    /// Pushes t[k], raw, for the key on top (popped); t at `table`.
    @discardableResult
    public func rawGet(in table: Int32) -> LuaType {
        LuaType(rawValue: lua_rawget(L, table)) ?? .nil
    }

    /// t[k] = v for the key and value on top (both popped), raw; t at `table`.
    public func rawSet(in table: Int32) {
        lua_rawset(L, table)
    }

    // MARK: Metatables and the registry

    /// Gives the value at `index` the metatable stored in the registry under `key`.
    public func setMetatable(registryKey key: UnsafeRawPointer, at index: Int32) {
        let i = absolute(index)
        pushRegistryValue(key)
        if type(at: -1) == .table {
            lua_setmetatable(L, i)
        } else {
            pop()
        }
    }

    public func pushRegistryValue(_ key: UnsafeRawPointer) {
        lua_rawgetp(L, cogsh_registryindex(), key)
    }

    /// registry[key] = value on top (popped).
    public func setRegistryValue(_ key: UnsafeRawPointer) {
        lua_rawsetp(L, cogsh_registryindex(), key)
    }

    /// Calls the function below its `nargs` arguments in protected mode with the
    /// traceback handler (cogsh_pcall); on failure the error value is left on top.
    public func protectedCall(arguments nargs: Int32, results nresults: Int32) -> LuaStatus {
        LuaStatus(cogsh_pcall(L, nargs, nresults))
    }
}
