import LuaHost

/// How tracebacks read: through the filter of tracebacks.lua, which hides cogsh's own
/// Lua frames (chunks named `[cogsh] file.lua`) behind the API function the script
/// called. With --verbose there is no filter: every frame shows, cogsh's included.
enum Tracebacks {
    static func install(in state: LuaState, hidingCogshFrames: Bool) {
        guard hidingCogshFrames else { return }
        state.stack.pushString(BuiltinLua.chunkPrefix)
        BuiltinLua.run("tracebacks.lua", in: state, arguments: 1)
        state.setTracebackFilter()
    }
}
