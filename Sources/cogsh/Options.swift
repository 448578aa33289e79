import AWSCore
import ArgumentParser
import Cognito
import CogshLua
import LuaHost

/// The command line of DESIGN.md, defined once: lua.c's options where lua.c has one,
/// the AWS CLI's for AWS, and cogsh's own for unattended runs. `--help`, the completion
/// scripts and the man page are made from these definitions. CommandLineReader reads
/// lua.c's options and finds the script itself (lua.c's rules are not ArgumentParser's);
/// ArgumentParser parses the rest, cogsh's own options, into this value.
struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cogsh",
        abstract: "Lua 5.4 scripting for the Amazon Cognito user-pool API.",
        usage: "cogsh [options] [script [args...]]",
        discussion: """
        With no script and a terminal on stdin, cogsh starts a REPL; with no script \
        and stdin not a terminal, it runs stdin. Exit codes: 0 success, 1 Lua error, \
        2 usage error, 252 invalid parameters (nothing sent), 253 credentials or \
        configuration, 254 service error, 255 network/timeout/parse error, 75 lock \
        held, 130/143 interrupted by SIGINT/SIGTERM; --apply: 1 when users changed since \
        the plan (drift) or calls failed.
        """,
        version: Version.text
    )

    @Option(name: .customShort("e"), help: ArgumentHelp("Execute string 'stat'.", valueName: "stat"))
    var execute: [String] = []

    @Option(name: .customShort("l"), help: ArgumentHelp("Require library 'mod' into global 'mod' ('g=mod': into global 'g').", valueName: "mod"))
    var library: [String] = []

    @Flag(name: .customShort("i"), help: "Enter interactive mode after running the script.")
    var interactive = false

    @Flag(name: .customShort("E"), help: "Ignore environment variables (LUA_INIT, LUA_PATH, ...).")
    var ignoreEnvironment = false

    @Flag(name: .customShort("v"), help: "Show version information.")
    var showVersion = false

    @Flag(name: .customShort("W"), help: "Turn Lua warnings on.")
    var warnings = false

    // Read by CommandLineReader (what follows the job's name is the job's), declared here
    // for the help text, the man page and the completions.
    @Option(name: .customShort("m"), help: ArgumentHelp("Run a job built into cogsh with the arguments after its name (-m alone lists the jobs; -m NAME --source prints one).", valueName: "name"))
    var job: String?

    // AWS options, as the AWS CLI spells them.
    // Tab completion offers the profiles of ~/.aws/config and ~/.aws/credentials.
    @Option(help: "Use this profile from the shared config and credentials files.",
            completion: .shellCommand(#"sed -n -e 's/^\[profile  *\([^]]*\)\].*/\1/p' -e 's/^\[\([^] ]*\)\].*/\1/p' "${AWS_CONFIG_FILE:-$HOME/.aws/config}" "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" 2>/dev/null | sort -u"#))
    var profile: String?

    @Option(help: "AWS region, e.g. us-east-1.")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "Send requests to this endpoint instead of the regional one.")
    var endpointURL: String?

    @Flag(help: "Print each request and response (secrets masked) to stderr.")
    var debug = false

    @Flag(name: .customLong("dry-run"), help: "Validate and show mutating calls without sending them; reads are still sent.")
    var dryRun = false

    @Option(name: .customLong("max-attempts"), help: "Attempts per call, retries included (default 3).")
    var maxAttempts: Int?

    @Option(name: .customLong("retry-mode"), help: "standard or adaptive.")
    var retryMode: RetryMode?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to connect, per HTTP attempt.", valueName: "S"))
    var connectTimeout: Double?

    @Option(name: .customLong("read-timeout"), help: ArgumentHelp("Seconds to wait for a response, per HTTP attempt.", valueName: "S"))
    var readTimeout: Double?

    @Flag(name: .customLong("allow-http"), help: "Allow a plain http:// endpoint that is not on loopback.")
    var allowHTTP = false

    // Pacing.
    @Option(name: .customLong("rate"), help: ArgumentHelp("Requests per second allowed in a quota category, e.g. UserUpdate=50 (accounts with raised quotas); repeatable.", valueName: "CATEGORY=RPS"))
    var rates: [QuotaSetting] = []

    @Option(name: .customLong("rate-share"), help: ArgumentHelp("Use only this fraction (0 < F <= 1) of each quota, leaving the rest to other clients.", valueName: "F"))
    var rateShare: Double?

    // Unattended runs.
    @Option(help: ArgumentHelp("End the whole run after S seconds (exit 255).", valueName: "S"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Hold an exclusive lock on FILE; if another run holds it, exit 75 at once.", valueName: "FILE"), completion: .file())
    var lock: String?

    @Option(name: .customLong("log-format"), help: "text or json (one JSON object per line, for cron).")
    var logFormat: LogLineHandler.Format = .text

    @Flag(help: "Only warnings and errors from log.*.")
    var quiet = false

    @Flag(help: "Also log.debug lines.")
    var verbose = false

    // Reviewed changes (DESIGN.md, "Plan, apply, undo"; docs/LUA_API.md, "Reviewed changes").
    @Option(name: .customLong("plan"), help: ArgumentHelp("Run the script with each mutating call validated and recorded in PLAN (JSON Lines, mode 0600, with the state before of each user it touches) instead of sent; reads are sent.", valueName: "PLAN"), completion: .file())
    var plan: String?

    @Option(name: .customLong("plan-show"), help: ArgumentHelp("Print the summary of PLAN (made by --plan) and exit.", valueName: "PLAN"), completion: .file())
    var planShow: String?

    @Option(name: .customLong("apply"), help: ArgumentHelp("Send the calls of PLAN after checking the account, region and pool it was made for; users changed since the plan are skipped (drift); writes PLAN.undo, the plan that takes the change back.", valueName: "PLAN"), completion: .file())
    var applyPlan: String?

    @Flag(help: "With --apply: send the calls of users that changed since the plan as well.")
    var force = false

    @Option(name: .customLong("snapshot"), help: ArgumentHelp("With --plan: take the users' states before from this snapshot (cogsh -m backup) instead of reading them from the pool.", valueName: "FILE"), completion: .file())
    var snapshot: String?

    // Editor support.
    @Option(name: .customLong("emit-types"), help: ArgumentHelp("Write lua-language-server definitions of every module and operation into DIR, print the .luarc.json that uses them, and exit.", valueName: "DIR"), completion: .directory)
    var emitTypes: String?

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp("Cap Lua's memory, e.g. 256M or 1G.", valueName: "SIZE"))
    var memoryLimit: MemorySize?

    // Read by CommandLineReader, declared here for the help text.
    @Argument(help: ArgumentHelp("The script ('-' for stdin) and its arguments.", valueName: "script"), completion: .file(extensions: ["lua"]))
    var scriptAndArguments: [String] = []

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let t = timeout, !(t > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let t = connectTimeout, !(t > 0) { throw ValidationError("--connect-timeout must be a positive number of seconds") }
        if let t = readTimeout, !(t > 0) { throw ValidationError("--read-timeout must be a positive number of seconds") }
        if let m = maxAttempts, m < 1 { throw ValidationError("--max-attempts must be at least 1") }
        for r in rates {
            if let problem = QuotaRates.check(category: r.category, rate: r.rate) { throw ValidationError("--rate \(r.text): \(problem)") }
        }
        if let f = rateShare, let problem = QuotaRates.check(share: f) { throw ValidationError("--rate-share: \(problem)") }
        if let problem = PlanOptions.problem(plan: plan, show: planShow, apply: applyPlan, force: force, snapshot: snapshot, dryRun: dryRun) {
            throw ValidationError(problem)
        }
    }
}

extension Options {
    /// Adds cogsh's own options to what the reader found.
    func apply(to run: inout RunOptions) {
        run.timeout = timeout
        run.lock = lock
        run.memoryLimit = memoryLimit?.bytes
        run.runtime.logFormat = logFormat
        run.runtime.logLevel = quiet ? .warning : verbose ? .debug : .info
        run.runtime.dryRun = dryRun
        run.runtime.plan = PlanOptions.mode(plan: plan, show: planShow, apply: applyPlan, force: force, snapshot: snapshot)
        run.runtime.quiet = quiet
        run.runtime.rates = Dictionary(rates.map { ($0.category, $0.rate) }) { $1 }
        run.runtime.rateShare = rateShare
        run.runtime.aws = AWSConfigOverrides(
            profile: profile, region: region, endpointURL: endpointURL,
            maxAttempts: maxAttempts, retryMode: retryMode,
            connectTimeout: connectTimeout, readTimeout: readTimeout,
            allowInsecureHTTP: allowHTTP ? true : nil, debug: debug ? true : nil)
    }
}

// The option values that are enums of the layers below, read from their names; their
// cases are what Tab completion offers.
extension RetryMode: ExpressibleByArgument {}
extension LogLineHandler.Format: ExpressibleByArgument {}

/// `--rate UserUpdate=50`: a quota category and its requests per second.
struct QuotaSetting: ExpressibleByArgument {
    var text: String
    var category: String
    var rate: Double
    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Double(parts[1]) else { return nil }
        text = argument
        category = parts[0]
        rate = value
    }
}

/// `--memory-limit 256M`: bytes with an optional K, M or G suffix.
struct MemorySize: ExpressibleByArgument {
    var bytes: Int
    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var text = argument.uppercased()
        var scale = 1
        if let last = text.last, let unit = units[last] { scale = unit; text.removeLast() }
        guard let n = Int(text), n > 0 else { return nil }
        bytes = n * scale
    }
}

enum Version {
    static let number = "0.1.0"
    static var text: String { "cogsh \(number) (\(LuaVersion.release))" }
}
