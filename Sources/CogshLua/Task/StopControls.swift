import LuaHost

/// What a long job's Lua half needs of the stop signals (task.map, snapshot.take): to
/// be stopped gracefully (a first Ctrl-C only asks; the calls in flight finish), to ask
/// whether a stop was asked for, and to raise it once the job has wound down.
enum StopControls {
    static let functions: [(String, LuaSwiftFunction)] = [
        ("graceful", { s in LuaState.stopGracefully(s.boolean(at: 1)); return 0 }),
        ("stop_requested", { s in s.pushBool(LuaStopReason.current != nil); return 1 }),
        ("stop_if_requested", { _ in if LuaStopReason.current != nil { LuaState.stopNow() }; return 0 }),
    ]
}

/// A result of work done off the Lua thread that knows how to become a Lua value when
/// the scheduler hands it to the task waiting for it (a snapshot's summary, say).
protocol LuaPushable: Sendable {
    func push(on s: LuaStack)
}
