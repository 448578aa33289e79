import AWSCore
import CogshLua
import LuaHost
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Runs a cogsh invocation the way lua.c runs one: LUA_INIT, then each -e and -l in
/// command-line order, then the script with its arguments, then the REPL when asked
/// for (or when there is nothing else and stdin is a terminal), else stdin.
struct ScriptRunner {
    let options: RunOptions
    let argv: [String]
    var state: LuaState!
    let summary: RunSummary

    init(options: RunOptions, argv: [String]) {
        self.options = options
        self.argv = argv
        summary = RunSummary(format: options.runtime.logFormat, verbose: options.runtime.logLevel == .debug)
    }

    /// Runs, then writes the summary line with the status the run ends with.
    mutating func run() -> Int32 {
        StderrLines.format = options.runtime.logFormat
        let status = runAll()
        let ended = PlanCommands.finish(status: status)   // --plan: the plan's end line and summary
        summary.write(exit: ended)
        return ended
    }

    var scriptIndex: Int? { options.scriptIndex }

    private mutating func runAll() -> Int32 {
        if let path = options.lock {
            switch RunLock.acquire(path) {
            case .acquired: break
            case .held:
                let message = "another run holds the lock \(path); not starting (exit \(ExitStatus.lockHeld))"
                StderrLines.write("cogsh: " + message, level: .error, message: message,
                                  fields: ["code": .string("LockHeld"), "lock": .string(path), "exit": .int(Int64(ExitStatus.lockHeld))])
                return ExitStatus.lockHeld
            case .failed(let message):
                StderrLines.write("cogsh: " + message, level: .error, message: message,
                                  fields: ["code": .string("ConfigError"), "lock": .string(path), "exit": .int(Int64(ExitStatus.configuration))])
                return ExitStatus.configuration
            }
        }
        if case .show(let path)? = options.runtime.plan { return PlanCommands.show(path) }
        let stdinIsTerminal = isatty(0) != 0
        if options.showVersion || options.interactive { printVersion() }

        state = LuaState(.init(memoryLimit: options.memoryLimit ?? 0, ignoreEnvironment: options.ignoreEnvironment))
        if options.warnings { state.warn("@on") }
        Runtime.install(in: state, settings: withPlanScript(options.runtime.askingForMFACodesOnTheTerminal()))
        installHostPrelude()
        createArgTable()

        LuaState.installSignalHandlers()
        state.becomeStopTarget(errors: [
            .interrupt: CogshError.interrupted("interrupted by SIGINT"),
            .terminate: CogshError.interrupted("terminated by SIGTERM"),
            .timeout: CogshError(.timeout, "the run exceeded --timeout \(options.timeout.map(Self.seconds) ?? "")"),
        ])
        LuaState.setFinalWords(interrupt: Self.finalWords("interrupted by SIGINT again: stopped at once", exit: ExitStatus.interrupted),
                               terminate: Self.finalWords("terminated by SIGTERM again: stopped at once", exit: ExitStatus.terminated))
        if let t = options.timeout { LuaState.armTimeout(seconds: t) }
        if let refused = preparePlan() { return refused }
        if case .apply? = options.runtime.plan { return runApply() }

        if !options.ignoreEnvironment, let failed = runLuaInit() { return failed }
        for step in options.steps {
            if let failed = runStep(step) { return failed }
        }
        if let index = scriptIndex {
            if let failed = runScript(at: index) { return failed }
        }
        if options.interactive {
            REPL(state: state, terminal: stdinIsTerminal).run()
        } else if scriptIndex == nil && !options.hasExecute && !options.showVersion {
            if stdinIsTerminal {
                printVersion()
                REPL(state: state, terminal: true).run()
            } else if let failed = report(runChunk(status: state.load(file: nil), arguments: [])) {
                return failed
            }
        }
        let status = LuaStopReason.current.map(ExitStatus.forStop) ?? ExitStatus.success
        state = nil   // closes the state: finalizers run, files are flushed
        return status
    }

    /// The line a second signal writes from its handler: made now, in the run's format.
    static func finalWords(_ message: String, exit: Int32) -> String {
        switch StderrLines.format {
        case .text: return "cogsh: \(message)\n"
        case .json: return LogLineHandler.render(level: .error, message: message, format: .json,
                                                 fields: ["code": .string(CogshError.interruptedCode), "exit": .int(Int64(exit))])
        }
    }

    static func seconds(_ t: Double) -> String {
        t == t.rounded() ? "\(Int(t)) s" : "\(t) s"
    }

    func printVersion() {
        print("cogsh \(Version.number)  \(LuaVersion.copyright)")
        fflush(stdout)
    }

    /// os.exit writes the run summary before the process ends (prelude.lua).
    func installHostPrelude() {
        let summary = self.summary
        Runtime.installPrelude(in: state) { s in
            // The status the process ends with: a --plan run that cannot finish its plan
            // file ends 253 whatever the script asked for.
            let status = PlanCommands.finish(status: Int32(truncatingIfNeeded: s.integer(at: 1) ?? 1))
            summary.write(exit: status)
            s.pushInteger(Int64(status))
            return 1
        }
    }

    /// `arg` as lua.c builds it: the script at 0, options before it negative, its
    /// arguments positive; with no script, the program name at 0.
    func createArgTable() {
        // Built on the stack directly: a LuaTable would instantiate its dictionary
        // types on every start, which `cogsh -e ''` would pay for nothing.
        let script = scriptIndex ?? 0
        let s = state.stack
        s.newTable(sequence: max(argv.count - script - 1, 0), fields: script + 1)
        for (i, a) in argv.enumerated() {
            s.pushString(a)
            s.setIndex(Int64(i - script), in: -2)
        }
        s.setGlobal("arg")
    }

    // MARK: Steps

    func runStep(_ step: RunOptions.Step) -> Int32? {
        switch step {
        case .execute(let code):
            return report(runChunk(status: state.load(code, name: "=(command line)"), arguments: []))
        case .library(let spec):
            // "-l g=mod" sets global g; "-l mod" sets global mod.
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            let (global, module) = parts.count == 2 ? (parts[0], parts[1]) : (spec, spec)
            state.stack.pushGlobal("require")
            state.stack.pushString(module)
            if let failure = state.call(arguments: 1, results: 1) { return report(failure) }
            state.stack.setGlobal(global)
            return report(Runtime.finishTasks(in: state))
        }
    }

    func runLuaInit() -> Int32? {
        let env = ProcessEnvironment.self
        let (name, value): (String, String?) = env.get("LUA_INIT_5_4").map { ("=LUA_INIT_5_4", $0) } ?? ("=LUA_INIT", env.get("LUA_INIT"))
        guard let value else { return nil }
        if value.hasPrefix("@") {
            return report(runChunk(status: state.load(file: String(value.dropFirst())), arguments: []))
        }
        return report(runChunk(status: state.load(value, name: name), arguments: []))
    }

    /// The script gets `...` from the `arg` table as it is when the script starts
    /// (a -e before it may have changed it), as lua.c does.
    func runScript(at index: Int) -> Int32? {
        var path: String? = argv[index]
        if path == "-" && argv[index - 1] != "--" { path = nil }
        let status = options.job.map { Runtime.loadJob($0, in: state) } ?? state.load(file: path)
        guard status == .ok else { return report(state.takeFailure(status: status)) }
        let s = state.stack
        s.pushGlobal("arg")
        guard s.type(at: -1) == .table else {
            s.pop(2)
            fflush(stdout)
            StderrLines.error("'arg' is not a table", value: nil, exit: ExitStatus.luaError)
            return ExitStatus.luaError
        }
        let count = s.rawLength(at: -1)
        guard count < Int64(Int32.max), s.ensure(Int32(count) + 1) else {
            s.pop(2)
            StderrLines.error("too many arguments to script", value: nil, exit: ExitStatus.luaError)
            return ExitStatus.luaError
        }
        for i in stride(from: Int64(1), through: count, by: 1) { s.getIndex(i, in: -Int32(i)) }
        s.remove(at: -Int32(count) - 1)
        return report(call(arguments: Int32(count)))
    }

    /// Calls the chunk just loaded (or takes its load error), then lets its tasks end.
    func runChunk(status: LuaStatus, arguments: [LuaValue]) -> LuaFailure? {
        guard status == .ok else { return state.takeFailure(status: status) }
        for a in arguments { state.stack.push(a) }
        return call(arguments: Int32(arguments.count))
    }

    /// Calls the function below `arguments` values, then lets the tasks it left end.
    func call(arguments: Int32) -> LuaFailure? {
        state.call(arguments: arguments, results: 0) ?? Runtime.finishTasks(in: state)
    }

    /// Prints an uncaught error as lua.c does and returns its exit status.
    func report(_ failure: LuaFailure?) -> Int32? {
        guard let failure else { return nil }
        fflush(stdout)
        let status = ExitStatus.forUncaught(failure)
        let verbose = options.runtime.verbose
        if let stop = LuaStopReason.current {
            // Said once: what stopped the run. Where the script was is for --verbose.
            let (_, traceback) = StderrLines.split(failure.message)
            StderrLines.stopped(Self.stopMessage(stop, timeout: options.timeout), code: stop == .timeout ? "TimeoutError" : CogshError.interruptedCode,
                                traceback: traceback, exit: status, showTraceback: verbose)
            return status
        }
        // A job's refusal (a cogsh.Error) is one line: the frames are the job's, not the user's.
        let hide = !verbose && options.job != nil && failure.category != nil
        StderrLines.error(failure.message, value: failure.value, exit: status, showTraceback: !hide)
        return status
    }

    static func stopMessage(_ stop: LuaStopReason, timeout: Double?) -> String {
        switch stop {
        case .interrupt: return "interrupted by SIGINT"
        case .terminate: return "terminated by SIGTERM"
        case .timeout: return "timed out: the run exceeded --timeout \(timeout.map(seconds) ?? "")"
        }
    }
}

/// The process environment, read through one door.
enum ProcessEnvironment {
    static func get(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
