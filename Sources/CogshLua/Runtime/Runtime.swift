import AWSCore
import Cognito
import LuaHost
import Logging

/// Everything the `cogsh` program decided before Lua runs and the Lua modules need.
public struct RuntimeSettings {
    public var logFormat: LogLineHandler.Format = .text
    public var logLevel: Logger.Level = .info
    public var dryRun = false
    /// AWS options from the command line (`--debug` among them): they win over
    /// `cognito.client{}` arguments.
    public var aws = AWSConfigOverrides()
    /// `--rate CATEGORY=RPS` and `--rate-share F` (nil: not given).
    public var rates: [String: Double] = [:]
    public var rateShare: Double?
    /// --quiet: no progress line unless a script asks for one.
    public var quiet = false
    /// `--plan`, `--apply`, `--plan-show` (Plan/PlanMode.swift).
    public var plan: PlanMode?
    /// --verbose: tracebacks show cogsh's own Lua frames too.
    public var verbose: Bool { logLevel == .debug }
    public init() {}
}

/// Installs cogsh's Lua modules into a state: the one entry point the program calls.
public enum Runtime {
    /// The modules and jobs of this build.
    public static var registry: LuaModuleRegistry { .standard }

    public static func install(in state: LuaState, settings: RuntimeSettings, registry: LuaModuleRegistry = .standard) {
        StderrLines.format = settings.logFormat
        Warnings.install()
        Tracebacks.install(in: state, hidingCogshFrames: !settings.verbose)
        ErrorObjects.install(in: state)
        ToLua.install(in: state)
        let logger = Logger(label: "cogsh") { _ in LogLineHandler(format: settings.logFormat, level: settings.logLevel) }
        let queue = WorkQueue()
        let context = ModuleContext(state: state, settings: settings, queue: queue,
                                    clients: ClientFactory(settings: settings, queue: queue), logger: logger)
        HelpModule.registry = registry
        for module in registry.modules { module.install(context) }
        if case .apply(let path, let force)? = settings.plan { PlanApplyModule.install(context, path: path, force: force) }
    }

    /// Loads the job's chunk and pushes it (or the load error), as a script file is loaded.
    public static func loadJob(_ job: LuaJob, in state: LuaState) -> LuaStatus {
        BuiltinLua.loadJob(job.file, in: state)
    }

    /// Runs `os.exit`'s wrapper in: `ended(status)` is called before the process exits.
    public static func installPrelude(in state: LuaState, ended: @escaping LuaSwiftFunction) {
        state.stack.pushFunction(ended)
        BuiltinLua.run("prelude.lua", in: state, arguments: 1, results: 0)
    }

    /// The REPL's Lua half (`{ show = f, complete = f }`), pushed.
    public static func pushREPLSupport(in state: LuaState) {
        BuiltinLua.run("repl.lua", in: state)
    }

    /// Runs the tasks a chunk left until every one has ended (the run, or a REPL line,
    /// ends when the chunk and its tasks have). A failure nobody waited for comes back
    /// as the chunk's own uncaught error.
    public static func finishTasks(in state: LuaState) -> LuaFailure? {
        callScheduler("drain", in: state)
    }

    /// Forgets every task (the REPL, after a line was interrupted).
    public static func forgetTasks(in state: LuaState) {
        _ = callScheduler("reset", in: state)
    }

    private static func callScheduler(_ name: String, in state: LuaState) -> LuaFailure? {
        let s = state.stack
        s.pushRegistryValue(TaskModule.schedulerKey)
        guard s.type(at: -1) == .table, s.getField(name, in: -1) == .function else {
            s.pop(s.type(at: -1) == .table ? 2 : 1)
            return nil
        }
        s.remove(at: -2)
        return state.call(arguments: 0, results: 0)
    }
}
