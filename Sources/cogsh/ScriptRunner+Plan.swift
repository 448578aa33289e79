import CogshLua
import LuaHost

/// The runner's part in `--plan`, `--apply` and `--plan-show` (CogshLua's PlanCommands
/// does the work): the script named in the plan's header, the recorder made ready
/// before the script runs, and the apply run in place of a script.
extension ScriptRunner {
    /// The settings with the script and its arguments, as the plan's header names them.
    func withPlanScript(_ settings: RuntimeSettings) -> RuntimeSettings {
        guard case .record(var plan)? = settings.plan else { return settings }
        if let index = scriptIndex {
            plan.script = options.job.map { "-m " + $0.name } ?? argv[index]
            plan.args = Array(argv[(index + 1)...])
        } else {
            plan.script = "(command line)"
        }
        var copy = settings
        copy.plan = .record(plan)
        return copy
    }

    /// Before the script of a `--plan` run: a refusal (exit 253) or nil.
    func preparePlan() -> Int32? {
        guard let message = PlanCommands.prepare() else { return nil }
        StderrLines.write("cogsh: ConfigError: " + message, level: .error, message: message,
                          fields: ["code": .string("ConfigError"), "exit": .int(Int64(ExitStatus.configuration))])
        return ExitStatus.configuration
    }

    /// `--apply PLAN`: the apply's status, or an uncaught error's.
    mutating func runApply() -> Int32 {
        let (failure, code) = PlanCommands.runApply(in: state)
        if let failed = report(failure) { return failed }
        let status = LuaStopReason.current.map(ExitStatus.forStop) ?? code
        state = nil
        return status
    }
}
