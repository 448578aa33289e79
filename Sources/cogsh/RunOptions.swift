import CogshLua

/// What a run needs from the command line: the one value CommandLineReader makes.
struct RunOptions {
    /// -e and -l, in command-line order.
    enum Step: Equatable { case execute(String), library(String) }

    var steps: [Step] = []
    /// Index in argv of the script name ("-" for stdin); nil when there is none.
    var scriptIndex: Int?
    /// `-m NAME`: the script is this job built into cogsh (its name at scriptIndex).
    var job: LuaJob?
    var interactive = false
    var ignoreEnvironment = false
    var showVersion = false
    var warnings = false
    var timeout: Double?
    var lock: String?
    var memoryLimit: Int?
    /// Log format and level, dry run and the AWS overrides (`--debug` among them) for the runtime.
    var runtime = RuntimeSettings()

    var hasExecute: Bool {
        steps.contains { if case .execute = $0 { return true } else { return false } }
    }
}
