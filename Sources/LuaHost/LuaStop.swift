import CLua
import CLuaShim
#if canImport(Glibc)
import Glibc
#endif

/// Why a running chunk was stopped from outside: SIGINT, SIGTERM or the whole-run
/// timeout. The reason persists until cleared, so a script's `pcall` cannot swallow it.
public enum LuaStopReason: Int32, Sendable {
    case interrupt = 1
    case terminate = 2
    case timeout = 3

    public static var current: LuaStopReason? { LuaStopReason(rawValue: cogsh_stop_reason()) }
}

extension LuaState {
    /// Makes this state the one SIGINT, SIGTERM and the timeout stop, and stores the
    /// error value raised in it for each reason.
    public func becomeStopTarget(errors: [LuaStopReason: any LuaRaisable]) {
        for (reason, object) in errors {
            object.push(onto: stack)
            stack.setRegistryValue(UnsafeRawPointer(cogsh_stop_error_key(reason.rawValue)!))
        }
        cogsh_set_stop_target(L)
    }

    public static func installSignalHandlers() { cogsh_install_signal_handlers() }

    /// Arms the whole-run timeout (SIGALRM).
    public static func armTimeout(seconds: Double) { cogsh_arm_timeout(seconds) }

    public func clearStop() { cogsh_clear_stop(L) }

    /// Nothing runs (the REPL is at its prompt): the stop is simply forgotten.
    public static func forgetStop() { cogsh_forget_stop() }

    /// While idle (the REPL reads a line), a signal only records its reason.
    public static func setIdle(_ idle: Bool) { cogsh_set_idle(idle ? 1 : 0) }

    /// What is written when a second SIGINT or SIGTERM ends a run at once (status
    /// 130/143) because the first could not stop it (a long C call).
    public static func setFinalWords(interrupt: String, terminate: String) {
        cogsh_set_final_words(Int32(LuaStopReason.interrupt.rawValue), strdup(interrupt))
        cogsh_set_final_words(Int32(LuaStopReason.terminate.rawValue), strdup(terminate))
    }
}
