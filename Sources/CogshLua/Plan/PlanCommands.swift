import AWSCore
import Foundation
import LuaHost
import Snapshot

#if canImport(Glibc)
import Glibc
#endif

/// What the program calls for `--plan`, `--plan-show` and `--apply` (DESIGN.md, "Plan,
/// apply, undo"): the recorder made ready before the script and finished after it, the
/// summary of a plan file, and the apply's Lua half run in the state.
public enum PlanCommands {
    /// Before the script of a `--plan` run: nil, or the message of the ConfigError that
    /// refuses it (exit 253, nothing read or sent).
    public static func prepare() -> String? {
        guard let recorder = PlanRecorder.current else { return nil }
        do throws(AWSError) {
            try recorder.prepare()
            return nil
        } catch {
            return error.message
        }
    }

    /// After a `--plan` run (also through os.exit): the plan's end line when `status` is
    /// 0, and its summary on stderr. Returns the status the run ends with: 253 when the
    /// plan could not be finished.
    public static func finish(status: Int32) -> Int32 {
        guard let recorder = PlanRecorder.current else { return status }
        let (text, ok) = recorder.finish(status: status)
        if text.isEmpty { return status }
        fflush(stdout)
        StderrLines.write(text, level: ok ? .info : .warning, message: text, fields: ["plan": .string(recorder.settings.path)])
        return ok || status != 0 ? status : 253
    }

    /// `--plan-show PLAN`: the summary again, from the file, on stdout.
    public static func show(_ path: String) -> Int32 {
        do throws(AWSError) {
            print(PlanSummary.text(try PlanFileReader.read(path)))
            return 0
        } catch {
            fflush(stdout)
            StderrLines.write("cogsh: ConfigError: \(error.message)", level: .error, message: error.message,
                              fields: ["code": .string(error.code), "exit": .int(253)])
            return 253
        }
    }

    /// `--apply PLAN [--force]` in a state whose runtime was installed for it: runs
    /// plan_apply.lua; its failure (an uncaught error) or the apply's exit status.
    public static func runApply(in state: LuaState) -> (failure: LuaFailure?, status: Int32) {
        let s = state.stack
        s.pushRegistryValue(PlanApplyModule.key)
        guard s.type(at: -1) == .table else {
            s.pop()
            return (nil, 2)
        }
        let status = BuiltinLua.loadChunk("plan_apply.lua", in: state)
        guard status == .ok else { return (state.takeFailure(status: status), 1) }
        s.insert(at: -2)   // chunk, S
        if let failure = state.call(arguments: 1, results: 1) { return (failure, 1) }
        let code = s.integer(at: -1).map { Int32(truncatingIfNeeded: $0) } ?? 0
        s.pop()
        if let failure = Runtime.finishTasks(in: state) { return (failure, 1) }
        return (nil, code)
    }
}
