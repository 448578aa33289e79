import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// Parses the whole command line before any Lua runs (as lua.c does), then hands
/// the run to the ScriptRunner: lua.c-style command lines by the fast reader,
/// everything else by ArgumentParser. Usage errors exit 2, `--help` and `--version` 0.
enum Program {
    static func main(arguments: [String]) -> Int32 {
        if let options = LuaStyleCommandLine.parse(arguments) {
            var runner = ScriptRunner(options: options, argv: arguments)
            return runner.run()
        }
        let split = CommandLineSplit(arguments)
        if split.wantsHelp {
            print(Options.helpMessage())
            return ExitStatus.success
        }
        if split.wantsVersion {
            print(Version.text)
            return ExitStatus.success
        }
        let options: Options
        do {
            options = try Options.parseAsRoot(split.normalized) as! Options
        } catch {
            let text = Options.fullMessage(for: error)
            if Options.exitCode(for: error) == .success {
                print(text)
                return ExitStatus.success
            }
            fputs("cogsh: \(text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text)\n", stderr)
            return ExitStatus.usage
        }
        var runner = ScriptRunner(options: options.runOptions(argv: arguments), argv: arguments)
        return runner.run()
    }
}

/// Finds where cogsh's options end and the script begins, before ArgumentParser
/// sees the arguments: lua.c's attached forms (`-eSTAT`, `-lMOD`) are split into two
/// arguments, and `-h`/`--help` count only among cogsh's own options.
struct CommandLineSplit {
    /// Options whose value is the next argument; every other option is a flag.
    static let takesValue: Set<String> = [
        "-e", "-l", "--profile", "--region", "--endpoint-url", "--max-attempts", "--retry-mode",
        "--connect-timeout", "--read-timeout", "--timeout", "--lock", "--log-format", "--memory-limit",
    ]

    var normalized: [String] = []
    var wantsHelp = false
    var wantsVersion = false

    init(_ argv: [String]) {
        var i = 1
        while i < argv.count {
            let a = argv[i]
            if a == "--" || a == "-" || !a.hasPrefix("-") { break }
            if a == "-h" || a == "--help" { wantsHelp = true }
            if a == "--version" { wantsVersion = true }
            if (a.hasPrefix("-e") || a.hasPrefix("-l")) && a.count > 2 {
                normalized += [String(a.prefix(2)), String(a.dropFirst(2))]
            } else {
                normalized.append(a)
                if Self.takesValue.contains(a), i + 1 < argv.count {
                    i += 1
                    normalized.append(argv[i])
                }
            }
            i += 1
        }
        normalized += argv[i...]
    }
}
