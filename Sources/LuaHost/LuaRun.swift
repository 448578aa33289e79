import CLua
import CLuaShim

/// An error that ended a chunk, as the runner reports it.
public struct LuaFailure: Error, Sendable {
    public enum Kind: Sendable { case syntax, runtime, memory, file, handler }
    public var kind: Kind
    /// What the user reads: the message with its traceback.
    public var message: String
    /// The `code` of a `cogsh.Error`, when the error was one.
    public var errorCode: String?
    /// The error value itself (tables converted without their metatable).
    public var value: LuaValue
}

extension LuaState {
    /// Loads a chunk from text; pushes the function, or the error on failure.
    public func load(_ source: String, name: String) -> Int32 {
        var source = source
        return source.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                luaL_loadbufferx(L, chars.baseAddress, chars.count, name, nil)
            }
        }
    }

    /// Loads a file, or standard input for nil, as lua.c does (a `#` first line is skipped).
    public func load(file path: String?) -> Int32 {
        luaL_loadfilex(L, path, nil)
    }

    /// Calls the function below `arguments` values in protected mode with the
    /// traceback handler. On failure the error is popped and returned.
    public func call(arguments: Int32, results: Int32) -> LuaFailure? {
        let status = stack.protectedCall(arguments: arguments, results: results)
        if status == LUA_OK { return nil }
        return takeFailure(status: status)
    }

    /// Pops the error value on top and describes it.
    public func takeFailure(status: Int32) -> LuaFailure {
        defer { stack.pop() }
        // A stop (signal, timeout) keeps its reason for the exit status, but must not
        // raise again inside the calls that describe the error.
        if LuaStopReason.current != nil { cogsh_suspend_stop(L) }
        let kind: LuaFailure.Kind
        switch status {
        case LUA_ERRSYNTAX: kind = .syntax
        case LUA_ERRMEM: kind = .memory
        case LUA_ERRFILE: kind = .file
        case LUA_ERRERR: kind = .handler
        default: kind = .runtime
        }
        let code = stack.errorCode(at: -1)
        let value = (try? stack.value(at: -1)) ?? .opaque("table")
        return LuaFailure(kind: kind, message: describeError(at: -1), errorCode: code, value: value)
    }

    /// Whether the value's metatable has `__tostring`, read raw: without one, lua.c
    /// prints "(error object is a table value)" rather than an address.
    func hasToStringMetamethod(_ index: Int32) -> Bool {
        guard lua_getmetatable(L, index) != 0 else { return false }
        defer { stack.pop(2) }
        return stack.getField("__tostring", in: -1) != LUA_TNIL
    }

    /// The text lua.c would print for an error value: strings as they are (they
    /// carry their traceback), tables through `__tostring` plus their `traceback` field.
    public func describeError(at index: Int32) -> String {
        let idx = stack.absolute(index)
        if stack.type(at: idx) == LUA_TSTRING || stack.type(at: idx) == LUA_TNUMBER {
            return stack.string(at: idx) ?? String(decoding: stack.bytes(at: idx) ?? [], as: UTF8.self)
        }
        var text = "(error object is a \(String(cString: lua_typename(L, stack.type(at: idx)))) value)"
        stack.pushGlobal("tostring")
        if stack.type(at: -1) == LUA_TFUNCTION, hasToStringMetamethod(idx) {
            lua_pushvalue(L, idx)
            if stack.protectedCall(arguments: 1, results: 1) == LUA_OK, let s = stack.string(at: -1) {
                text = s
            }
        }
        stack.pop()
        if stack.type(at: idx) == LUA_TTABLE {
            if stack.getField("traceback", in: idx) == LUA_TSTRING, let tb = stack.string(at: -1) {
                text += "\n" + tb
            }
            stack.pop()
        }
        return text
    }
}
