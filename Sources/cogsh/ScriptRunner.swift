import AWSCore
import CLua
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
    let options: Options
    let argv: [String]
    var state: LuaState!

    init(options: Options, argv: [String]) {
        self.options = options
        self.argv = argv
    }

    /// Index in argv of the script name, nil when there is none.
    var scriptIndex: Int? {
        var rest = options.scriptAndArguments
        if rest.first == "--" { rest.removeFirst() }
        return rest.isEmpty ? nil : argv.count - rest.count
    }

    mutating func run() -> Int32 {
        if let path = options.lock {
            switch RunLock.acquire(path) {
            case .acquired: break
            case .held:
                fputs("cogsh: another run holds the lock \(path); not starting (exit \(ExitStatus.lockHeld))\n", stderr)
                return ExitStatus.lockHeld
            case .failed(let message):
                fputs("cogsh: \(message)\n", stderr)
                return ExitStatus.configuration
            }
        }
        let stdinIsTerminal = isatty(0) != 0
        if options.showVersion || options.interactive { printVersion() }

        state = LuaState(.init(memoryLimit: options.memoryLimit?.bytes ?? 0, ignoreEnvironment: options.ignoreEnvironment))
        if options.warnings { lua_warning(state.L, "@on", 0) }
        Runtime.install(in: state, settings: runtimeSettings)
        installHostPrelude()
        createArgTable()

        LuaState.installSignalHandlers()
        state.becomeStopTarget(errors: [
            .interrupt: LuaErrorObject(code: "Interrupted", message: "interrupted by SIGINT"),
            .terminate: LuaErrorObject(code: "Interrupted", message: "terminated by SIGTERM"),
            .timeout: LuaErrorObject(code: "TimeoutError", message: "the run exceeded --timeout \(options.timeout.map(Self.seconds) ?? "")"),
        ])
        if let t = options.timeout { LuaState.armTimeout(seconds: t) }

        if !options.ignoreEnvironment, let failed = runLuaInit() { return failed }
        for step in orderedSteps() {
            if let failed = runStep(step) { return failed }
        }
        if let index = scriptIndex {
            if let failed = runScript(at: index) { return failed }
        }
        if options.interactive {
            REPL(state: state, terminal: stdinIsTerminal).run()
        } else if scriptIndex == nil && options.execute.isEmpty && !options.showVersion {
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

    var runtimeSettings: RuntimeSettings {
        var s = RuntimeSettings()
        s.logFormat = options.logFormat == .json ? .json : .text
        s.logLevel = options.quiet ? .warning : options.verbose ? .debug : .info
        s.dryRun = options.dryRun
        s.debug = options.debug
        s.aws = AWSConfigOverrides(
            profile: options.profile, region: options.region, endpointURL: options.endpointURL,
            maxAttempts: options.maxAttempts, retryMode: options.retryMode.flatMap { RetryMode(rawValue: $0.rawValue) },
            connectTimeout: options.connectTimeout, readTimeout: options.readTimeout,
            allowInsecureHTTP: options.allowHTTP ? true : nil, debug: options.debug ? true : nil)
        return s
    }

    static func seconds(_ t: Double) -> String {
        t == t.rounded() ? "\(Int(t)) s" : "\(t) s"
    }

    func printVersion() {
        print("cogsh \(Version.number)  \(LuaVersion.copyright)")
        fflush(stdout)
    }

    /// What cogsh changes in the standard environment: os.exit closes the state by
    /// default, so finalizers run and files are flushed before the process ends.
    func installHostPrelude() {
        let source = """
        local exit = os.exit
        os.exit = function(code, close)
          io.stdout:flush()
          if close == nil then close = true end
          return exit(code, close)
        end
        """
        if case .success = state.evaluate(source, name: "=cogsh") { state.stack.pop() }
    }

    /// `arg` as lua.c builds it: the script at 0, options before it negative, its
    /// arguments positive; with no script, the program name at 0.
    func createArgTable() {
        let script = scriptIndex ?? 0
        var table = LuaTable()
        for (i, a) in argv.enumerated() {
            let key = i - script
            if key >= 1 { table.sequence.append(.string(a)) } else { table.fields[.integer(Int64(key))] = .string(a) }
        }
        state.stack.push(.table(table))
        state.stack.setGlobal("arg")
    }

    // MARK: Steps

    enum Step { case execute(String), library(String) }

    /// -e and -l in the order they were given: ArgumentParser keeps each list in
    /// order; the raw arguments tell how the two interleave.
    func orderedSteps() -> [Step] {
        var executes = options.execute.makeIterator()
        var libraries = options.library.makeIterator()
        var steps: [Step] = []
        let end = scriptIndex ?? argv.count
        var i = 1
        while i < end {
            let a = argv[i]
            if a == "--" { break }
            if a.hasPrefix("-e") || a.hasPrefix("-l"), !a.hasPrefix("--") {
                let isExecute = a.hasPrefix("-e")
                if let next = isExecute ? executes.next().map(Step.execute) : libraries.next().map(Step.library) { steps.append(next) }
                if a.count == 2 { i += 1 }
            }
            i += 1
        }
        return steps
    }

    func runStep(_ step: Step) -> Int32? {
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
            return nil
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

    func runScript(at index: Int) -> Int32? {
        var path: String? = argv[index]
        if path == "-" && argv[index - 1] != "--" { path = nil }
        let arguments = argv[(index + 1)...].map { LuaValue.string($0) }
        return report(runChunk(status: state.load(file: path), arguments: arguments))
    }

    /// Calls the chunk just loaded (or takes its load error).
    func runChunk(status: Int32, arguments: [LuaValue]) -> LuaFailure? {
        guard status == LUA_OK else { return state.takeFailure(status: status) }
        for a in arguments { state.stack.push(a) }
        return state.call(arguments: Int32(arguments.count), results: 0)
    }

    /// Prints an uncaught error as lua.c does and returns its exit status.
    func report(_ failure: LuaFailure?) -> Int32? {
        guard let failure else { return nil }
        fflush(stdout)
        if let stop = LuaStopReason.current {
            fputs("cogsh: \(stop == .timeout ? "timed out" : "interrupted"): \(failure.message)\n", stderr)
        } else {
            fputs("cogsh: \(failure.message)\n", stderr)
        }
        return ExitStatus.forUncaught(failure)
    }
}

/// The process environment, read through one door.
enum ProcessEnvironment {
    static func get(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
