import CLua
import CLuaShim

/// Host waits inside coroutines (see cogsh_shim.h): a host scheduler parks a coroutine
/// by having it yield the wait marker; cogsh's coroutine.resume/wrap let such a yield
/// through to the scheduler, or wait in place where nothing above can yield.
extension LuaState {
    /// Makes coroutine.resume and coroutine.wrap pass host waits on.
    public func installWaitPassthrough() {
        cogsh_open_passthrough_coroutines(L)
    }

    /// The function (on top of the stack, popped) a coroutine's wait calls where it
    /// cannot be passed on: it gets the yielded values and returns what to resume with.
    public func setWaitInPlace() {
        stack.setRegistryValue(UnsafeRawPointer(cogsh_wait_key()!))
    }

    /// While graceful (nesting counts), a first SIGINT or SIGTERM is only recorded
    /// (LuaStopReason.current) for the host to wind down; a second one stops at once.
    public static func stopGracefully(_ on: Bool) { cogsh_set_graceful(on ? 1 : 0) }

    /// Raises the recorded stop now, at the next instruction (after winding down).
    public static func stopNow() { cogsh_stop_now() }
}

extension LuaStack {
    /// The light userdata a host wait yields first.
    public func pushWaitMarker() { cogsh_push_wait_marker(L) }

    /// The scheduler's resume: true + values or false + error, waits not passed on.
    public func pushTaskResume() { lua_pushcclosure(L, cogsh_task_resume, 0) }

    /// traceback(co, msg, level): a coroutine's traceback, through the host's filter.
    public func pushTraceback() { lua_pushcclosure(L, cogsh_traceback, 0) }
}
