import CLua
import CLuaShim

/// One Lua state's life: created with the standard libraries, closed on deinit.
/// It is touched only from the thread that created it.
public final class LuaState {
    public let stack: LuaStack
    public var L: OpaquePointer { stack.L }

    /// How the host names the kind of an error value (its own error objects), read
    /// while the value is still on the stack; the result travels in `LuaFailure.category`.
    public var categorizeError: ((LuaStack, Int32) -> String?)?

    public struct Options {
        /// Bytes Lua may allocate while it runs (0: no limit).
        public var memoryLimit: Int = 0
        /// As lua.c's -E: the package library ignores LUA_PATH and LUA_CPATH.
        public var ignoreEnvironment = false
        public init(memoryLimit: Int = 0, ignoreEnvironment: Bool = false) {
            self.memoryLimit = memoryLimit
            self.ignoreEnvironment = ignoreEnvironment
        }
    }

    public init(_ options: Options = Options()) {
        _ = installDispatcher
        guard let L = cogsh_newstate(max(0, options.memoryLimit)) else {
            fatalError("cogsh: cannot create a Lua state (out of memory)")
        }
        stack = LuaStack(L)
        if options.ignoreEnvironment {
            stack.pushBool(true)
            stack.setField("LUA_NOENV", in: cogsh_registryindex())
        }
        luaL_openlibs(L)
    }

    deinit {
        cogsh_close(L)
    }

    /// Bytes currently allocated by this state.
    public var memoryUsed: Int { Int(cogsh_memory_used(L)) }

    /// Emits a warning through Lua's warning system (`"@on"` turns warnings on, as -W does).
    public func warn(_ message: String) {
        lua_warning(L, message, 0)
    }

    /// Where finished warnings go instead of stderr's "Lua warning: …" line (nil: there).
    /// One per process; the sink must not call into Lua.
    public static func setWarningSink(_ sink: (@convention(c) (UnsafePointer<CChar>?, Int) -> Void)?) {
        cogsh_set_warning_sink(sink)
    }

    /// The host's error metatable (on top, popped): uncaught, such tables keep their
    /// fields and get a `traceback` field; other values are described as lua.c does.
    public func setErrorMetatable() {
        stack.setRegistryValue(UnsafeRawPointer(cogsh_error_metatable_key()!))
    }

    /// The host's traceback filter (a Lua function on top, popped: text in, text out).
    public func setTracebackFilter() {
        stack.setRegistryValue(UnsafeRawPointer(cogsh_traceback_filter_key()!))
    }

    // MARK: Registering Swift

    /// Builds a module table of functions, sets it as global `name` and as
    /// `package.loaded[name]` (so `require(name)` finds it), and leaves it on the stack.
    public func pushModule(_ name: String, functions: [(String, LuaSwiftFunction)]) {
        stack.pushFunctionTable(functions)
        stack.pushCopy(of: -1)
        publishModule(name)
    }

    /// Runs `source` and leaves its first result on the stack; on failure nothing is left.
    /// Swift functions in `arguments` reach the chunk as `...`, in order.
    public func evaluate(_ source: String, name: String, arguments: [LuaSwiftFunction] = []) -> Result<Void, LuaFailure> {
        let status = load(source, name: name)
        guard status == .ok else { return .failure(takeFailure(status: status)) }
        for body in arguments { stack.pushFunction(body) }
        if let failure = call(arguments: Int32(arguments.count), results: 1) { return .failure(failure) }
        return .success(())
    }
}

extension LuaState {
    /// Publishes the module table on top (popping it) as global `name` and as
    /// `package.loaded[name]`, so `require(name)` returns the module the host installed.
    public func publishModule(_ name: String) {
        stack.pushCopy(of: -1)
        stack.setGlobal(name)
        stack.pushGlobal("package")
        if stack.type(at: -1) == .table {
            if stack.getField("loaded", in: -1) == .table {
                stack.pushCopy(of: -3)
                stack.setField(name, in: -2)
            }
            stack.pop()   // package.loaded
        }
        stack.pop(2)      // package, the module table
    }
}

public enum LuaVersion {
    /// e.g. "Lua 5.4.4"
    public static var release: String { String(cString: cogsh_version_string()) }
    public static var copyright: String { String(cString: cogsh_copyright_string()) }
}
