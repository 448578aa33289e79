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
    public init() {}
}

/// Installs cogsh's Lua modules into a state: the one entry point the program calls.
public enum Runtime {
    /// The name of one of cogsh's own Lua chunks: tracebacks hide their frames.
    public static func chunkName(_ name: String) -> String { "=" + Tracebacks.marker + name + "]" }

    public static func install(in state: LuaState, settings: RuntimeSettings) {
        StderrLines.format = settings.logFormat
        Warnings.install()
        Tracebacks.install(in: state)
        ErrorObjects.install(in: state)
        let logger = Logger(label: "cogsh") { _ in LogLineHandler(format: settings.logFormat, level: settings.logLevel) }
        JSONModule.install(in: state)
        LogModule.install(in: state, logger: logger)
        CSVModule.install(in: state)
        HelpModule.install(in: state)
        let queue = WorkQueue()
        TaskModule.install(in: state, queue: queue, settings: settings)
        let clients = ClientFactory(settings: settings, queue: queue)
        AWSModule.install(in: state, clients: clients)
        CognitoModule.install(in: state, clients: clients)
        HelpModule.installEntries(in: state)
    }

    /// Runs the tasks a chunk left until every one has ended (the run, or a REPL line,
    /// ends when the chunk and its tasks have). A failure nobody waited for comes back
    /// as the chunk's own uncaught error.
    public static func finishTasks(in state: LuaState) -> LuaFailure? {
        let s = state.stack
        s.pushRegistryValue(TaskModule.schedulerKey)
        guard s.type(at: -1) == .table, s.getField("drain", in: -1) == .function else {
            s.pop(s.type(at: -1) == .table ? 2 : 1)
            return nil
        }
        s.remove(at: -2)
        return state.call(arguments: 0, results: 0)
    }

    /// Forgets every task (the REPL, after a line was interrupted).
    public static func forgetTasks(in state: LuaState) {
        let s = state.stack
        s.pushRegistryValue(TaskModule.schedulerKey)
        guard s.type(at: -1) == .table, s.getField("reset", in: -1) == .function else {
            s.pop(s.type(at: -1) == .table ? 2 : 1)
            return
        }
        s.remove(at: -2)
        _ = state.call(arguments: 0, results: 0)
    }
}
