import CLua
import CLuaShim

/// A non-owning view of one Lua thread's stack: the only Swift code that touches the
/// C API. It uses raw access only, so no metamethod can run and nothing can raise
/// while a Swift frame is live (see DESIGN.md, "the one hard rule").
public struct LuaStack {
    public let L: OpaquePointer

    public init(_ L: OpaquePointer) { self.L = L }

    public var top: Int32 {
        get { lua_gettop(L) }
        nonmutating set { lua_settop(L, newValue) }
    }

    public func pop(_ n: Int32 = 1) { cogsh_pop(L, n) }

    /// Moves the top value to `index`, shifting the ones above it up.
    public func insert(at index: Int32) { cogsh_insert(L, index) }

    public func remove(at index: Int32) { cogsh_remove(L, index) }

    /// Makes room for `n` more slots; false when the stack cannot grow.
    public func ensure(_ n: Int32) -> Bool { lua_checkstack(L, n) != 0 }

    public func type(at index: Int32) -> Int32 { lua_type(L, index) }

    public func absolute(_ index: Int32) -> Int32 { lua_absindex(L, index) }

    public func pushString(_ s: String) {
        var s = s
        s.withUTF8 { buf in _ = lua_pushlstring(L, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count) }
    }

    public func pushBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            _ = lua_pushlstring(L, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count)
        }
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
    public func getField(_ name: String, in table: Int32) -> Int32 {
        let t = absolute(table)
        pushString(name)
        return lua_rawget(L, t)
    }

    public func pushRegistryValue(_ key: UnsafeRawPointer) {
        lua_rawgetp(L, cogsh_registryindex(), key)
    }

    /// registry[key] = value on top (popped).
    public func setRegistryValue(_ key: UnsafeRawPointer) {
        lua_rawsetp(L, cogsh_registryindex(), key)
    }

    /// Calls the function below its `nargs` arguments in protected mode with the
    /// traceback handler. Returns nil on success, else the error value's LuaValue
    /// (the error value itself is left on the stack for the caller to inspect).
    public func protectedCall(arguments nargs: Int32, results nresults: Int32) -> Int32 {
        cogsh_pcall(L, nargs, nresults)
    }
}
