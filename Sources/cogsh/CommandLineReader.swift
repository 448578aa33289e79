import AWSCore
import ArgumentParser
import CogshLua

/// Reads cogsh's command line in one walk, as lua.c reads its own: lua.c's options
/// (-e -l -i -E -v -W) go straight into RunOptions in the order given, the first
/// argument that is not an option (or `-`, or what follows `--`) is the script, and
/// everything after it is the script's. cogsh's own options met on the way (with
/// their values) are left to ArgumentParser, which parses them into `Options` and
/// writes every usage message. Most runs (`cogsh script.lua`, `cogsh -e '…'`) have
/// none, and never pay for ArgumentParser's reflection, which costs more than the rest
/// of start-up together.
enum CommandLineReader {
    enum Outcome {
        case run(RunOptions)
        /// --help, --version, a completion script (stdout, status 0), or a usage error (stderr, status 2).
        case exit(status: Int32, stdout: String, stderr: String)
        /// --emit-types DIR: write the editor definitions there instead of running anything.
        case emitTypes(directory: String)
    }

    static func read(_ argv: [String]) -> Outcome {
        var run = RunOptions()
        var own: [String] = []   // cogsh's own options and their values, for ArgumentParser
        var i = 1
        scan: while i < argv.count {
            let a = argv[i]
            if a == "--" {
                run.scriptIndex = i + 1 < argv.count ? i + 1 : nil
                break scan
            }
            if a == "-" || !a.hasPrefix("-") {
                run.scriptIndex = i
                break scan
            }
            if a.hasPrefix("-m") && !a.hasPrefix("--") {
                // -m NAME, -mNAME: a job built into cogsh; what follows its name is its own.
                let attached = String(a.dropFirst(2))
                if !attached.isEmpty {
                    return jobOutcome(attached, at: i, argv: argv, run: &run, own: own)
                }
                guard i + 1 < argv.count else { return .exit(status: ExitStatus.success, stdout: Jobs.list(), stderr: "") }
                return jobOutcome(argv[i + 1], at: i + 1, argv: argv, run: &run, own: own)
            }
            switch a {
            case "-i": run.interactive = true
            case "-E": run.ignoreEnvironment = true
            case "-v": run.showVersion = true
            case "-W": run.warnings = true
            default:
                let utf8 = Array(a.utf8)
                if utf8.count >= 2, utf8[1] == UInt8(ascii: "e") || utf8[1] == UInt8(ascii: "l") {
                    // -e stat, -estat, -l mod, -lmod: lua.c takes the value whatever it looks like.
                    let value: String
                    if utf8.count > 2 {
                        value = String(decoding: utf8[2...], as: UTF8.self)
                    } else if i + 1 < argv.count {
                        i += 1
                        value = argv[i]
                    } else {
                        own.append(a)   // ArgumentParser says the value is missing
                        break
                    }
                    run.steps.append(utf8[1] == UInt8(ascii: "e") ? .execute(value) : .library(value))
                } else if utf8.count > 2, !a.hasPrefix("--"), "iEvW".utf8.contains(utf8[1]) {
                    return usageError("unrecognized option '\(a)'")   // lua.c refuses -iv, -vv, …
                } else {
                    own.append(a)
                    if !a.contains("="), OptionNames.takingValue.contains(a), i + 1 < argv.count {
                        i += 1
                        own.append(argv[i])
                    }
                }
            }
            i += 1
        }
        return finish(run, own: own)
    }

    /// cogsh's own options (if any) parsed into `run`.
    private static func finish(_ run: RunOptions, own: [String]) -> Outcome {
        var run = run
        if own.isEmpty { return .run(run) }
        do {
            // `--help` comes back as ArgumentParser's help command rather than as an error.
            guard let options = try Options.parseAsRoot(own) as? Options else {
                return .exit(status: ExitStatus.success, stdout: Options.helpMessage(), stderr: "")
            }
            if let directory = options.emitTypes {
                if run.scriptIndex != nil || !run.steps.isEmpty || run.interactive || run.job != nil {
                    return usageError("--emit-types writes files and exits; give it without a script, -e, -l or -i")
                }
                return .emitTypes(directory: directory)
            }
            options.apply(to: &run)
            if let problem = PlanOptions.problem(with: run) { return usageError(problem) }
            return .run(run)
        } catch {
            let text = Options.fullMessage(for: error)
            if Options.exitCode(for: error) == .success { return .exit(status: ExitStatus.success, stdout: text, stderr: "") }
            return usageError(text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text)
        }
    }

    /// `-m NAME [args]` at argv[index]: the job runs as the script, with the arguments
    /// after its name; `-m NAME --source` prints it instead.
    private static func jobOutcome(_ name: String, at index: Int, argv: [String], run: inout RunOptions, own: [String]) -> Outcome {
        guard let job = Runtime.registry.job(named: name) else {
            return usageError("no job named '\(name)' (cogsh -m lists them: \(Runtime.registry.jobs.map(\.name).joined(separator: ", ")))")
        }
        if index + 1 < argv.count, argv[index + 1] == "--source" {
            return .exit(status: ExitStatus.success, stdout: job.source, stderr: "")
        }
        run.scriptIndex = index
        run.job = job
        return finish(run, own: own)
    }

    static func usageError(_ message: String) -> Outcome {
        .exit(status: ExitStatus.usage, stdout: "", stderr: "cogsh: \(message)\n")
    }
}

/// Which of cogsh's own options take a value, read from their definitions in `Options`
/// (ArgumentParser's description of the command), so the reader knows that in
/// `--profile prod script.lua` the script is `script.lua`. ArgumentParser's own
/// `--generate-completion-script SHELL` is not in that description, so it is named here.
enum OptionNames {
    static let takingValue: Set<String> = declared.union(["--generate-completion-script"])

    private static let declared: Set<String> = {
        guard case .array(let arguments)? = (try? JSONCodec.decode(Options._dumpHelp()))?["command"]?["arguments"] else { return [] }
        var names: Set<String> = []
        for argument in arguments where argument["kind"]?.stringValue == "option" {
            guard case .array(let list)? = argument["names"] else { continue }
            for n in list {
                guard let name = n["name"]?.stringValue else { continue }
                names.insert((n["kind"]?.stringValue == "long" ? "--" : "-") + name)
            }
        }
        return names
    }()
}
