import CLua
import CLuaShim

/// One Lua state's life: created with the standard libraries and the `cogsh.Error`
/// metatable, closed on deinit. It is touched only from the thread that created it.
public final class LuaState {
    public let stack: LuaStack
    public var L: OpaquePointer { stack.L }

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
            lua_pushboolean(L, 1)
            stack.setField("LUA_NOENV", in: cogsh_registryindex())
        }
        luaL_openlibs(L)
        installErrorMetatable()
    }

    deinit {
        cogsh_close(L)
    }

    private func installErrorMetatable() {
        if case .failure(let failure) = evaluate(errorMetatableSource, name: "=cogsh.Error") {
            fatalError("cogsh: error metatable: \(failure.message)")
        }
        stack.setRegistryValue(errorMetatableKey)
    }

    /// Bytes currently allocated by this state.
    public var memoryUsed: Int { Int(cogsh_memory_used(L)) }

    // MARK: Registering Swift

    /// Sets global `name` to a function running `body`.
    public func register(_ name: String, _ body: @escaping LuaSwiftFunction) {
        stack.pushFunction(body)
        stack.setGlobal(name)
    }

    /// Builds a module table of functions, sets it as global `name` and as
    /// `package.loaded[name]` (so `require(name)` finds it), and leaves it on the stack.
    public func pushModule(_ name: String, functions: [(String, LuaSwiftFunction)]) {
        lua_createtable(L, 0, Int32(functions.count))
        for (fname, body) in functions {
            stack.pushFunction(body)
            stack.setField(fname, in: -2)
        }
        lua_pushvalue(L, -1)
        publishModule(name)
    }

    /// Runs `source` and leaves its first result on the stack (the way a module's
    /// Lua half returns its table); on failure nothing is left.
    /// Swift functions in `arguments` reach the chunk as `...`, in order.
    public func evaluate(_ source: String, name: String, arguments: [LuaSwiftFunction] = []) -> Result<Void, LuaFailure> {
        let status = load(source, name: name)
        guard status == LUA_OK else { return .failure(takeFailure(status: status)) }
        for body in arguments { stack.pushFunction(body) }
        if let failure = call(arguments: Int32(arguments.count), results: 1) { return .failure(failure) }
        return .success(())
    }
}

extension LuaState {
    /// Publishes the module table on top (popping it) as global `name` and as
    /// `package.loaded[name]`, so `require(name)` returns the module the host installed.
    public func publishModule(_ name: String) {
        lua_pushvalue(L, -1)
        stack.setGlobal(name)
        stack.pushGlobal("package")
        if stack.type(at: -1) == LUA_TTABLE {
            if stack.getField("loaded", in: -1) == LUA_TTABLE {
                lua_pushvalue(L, -3)
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
