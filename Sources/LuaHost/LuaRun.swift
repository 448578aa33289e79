import CLua
import CLuaShim

/// An error that ended a chunk, as the runner reports it.
public struct LuaFailure: Error, Sendable {
    public enum Kind: Sendable { case syntax, runtime, memory, file, handler }
    public var kind: Kind
    /// What the user reads: the message with its traceback.
    public var message: String
    /// The host's name for the kind of error value (LuaState.categorizeError), if any.
    public var category: String?
    /// The error value itself (tables converted without their metatable).
    public var value: LuaValue
}

extension LuaState {
    /// Loads a chunk from text; pushes the function, or the error on failure.
    public func load(_ source: String, name: String) -> LuaStatus {
        var source = source
        return LuaStatus(source.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                luaL_loadbufferx(L, chars.baseAddress, chars.count, name, nil)
            }
        })
    }

    /// Loads a chunk of text from bytes (a precompiled chunk is refused).
    public func load(_ bytes: [UInt8], name: String) -> LuaStatus {
        LuaStatus(bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                luaL_loadbufferx(L, chars.baseAddress, chars.count, name, "t")
            }
        })
    }

    /// Loads a file, or standard input for nil, as lua.c does (a `#` first line is skipped).
    public func load(file path: String?) -> LuaStatus {
        LuaStatus(luaL_loadfilex(L, path, nil))
    }

    /// Calls the function below `arguments` values in protected mode with the
    /// traceback handler. On failure the error is popped and returned.
    public func call(arguments: Int32, results: Int32) -> LuaFailure? {
        let status = stack.protectedCall(arguments: arguments, results: results)
        if status == .ok { return nil }
        return takeFailure(status: status)
    }

    /// Pops the error value on top and describes it.
    public func takeFailure(status: LuaStatus) -> LuaFailure {
        defer { stack.pop() }
        // A stop (signal, timeout) keeps its reason for the exit status, but must not
        // raise again inside the calls that describe the error.
        if LuaStopReason.current != nil { cogsh_suspend_stop(L) }
        let kind: LuaFailure.Kind
        switch status {
        case .syntaxError: kind = .syntax
        case .memoryError: kind = .memory
        case .fileError: kind = .file
        case .handlerError: kind = .handler
        default: kind = .runtime
        }
        let category = categorizeError?(stack, stack.absolute(-1))
        let value = (try? stack.value(at: -1)) ?? .opaque("table")
        return LuaFailure(kind: kind, message: describeError(at: -1), category: category, value: value)
    }

    /// The text lua.c would print for an error value (see LuaStack.describeError).
    public func describeError(at index: Int32) -> String { stack.describeError(at: index) }
}

extension LuaStack {
    /// Whether the value's metatable has `__tostring`, read raw: without one, lua.c
    /// prints "(error object is a table value)" rather than an address.
    func hasToStringMetamethod(_ index: Int32) -> Bool {
        guard lua_getmetatable(L, index) != 0 else { return false }
        defer { pop(2) }
        return getField("__tostring", in: -1) != .nil
    }

    /// The text lua.c would print for an error value: strings as they are (they
    /// carry their traceback), tables through `__tostring` plus their `traceback` field.
    public func describeError(at index: Int32) -> String {
        let idx = absolute(index)
        let type = type(at: idx)
        if type == .string || type == .number {
            return string(at: idx) ?? String(decoding: bytes(at: idx) ?? [], as: UTF8.self)
        }
        var text = "(error object is a \(type.name) value)"
        pushGlobal("tostring")
        if self.type(at: -1) == .function, hasToStringMetamethod(idx) {
            pushCopy(of: idx)
            if protectedCall(arguments: 1, results: 1) == .ok, let s = string(at: -1) {
                text = s
            }
        }
        pop()
        if type == .table {
            if getField("traceback", in: idx) == .string, let tb = string(at: -1), !tb.isEmpty {
                text += "\n" + tb
            }
            pop()
        }
        return text
    }
}
