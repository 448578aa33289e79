import CogshLua

/// What a run needs from the command line, however it was parsed: the fast
/// lua.c-style reader below, or ArgumentParser (`Options`) for everything else.
struct RunOptions {
    /// -e and -l, in command-line order.
    enum Step: Equatable { case execute(String), library(String) }

    var steps: [Step] = []
    /// Index in argv of the script name ("-" for stdin); nil when there is none.
    var scriptIndex: Int?
    var interactive = false
    var ignoreEnvironment = false
    var showVersion = false
    var warnings = false
    var timeout: Double?
    var lock: String?
    var memoryLimit: Int?
    /// Log format and level, dry run, debug and the AWS overrides for the runtime.
    var runtime = RuntimeSettings()

    var hasExecute: Bool {
        steps.contains { if case .execute = $0 { return true } else { return false } }
    }
}

/// Reads a command line made only of lua.c's own options (-e -l -i -E -v -W, then
/// the script, `-` or `--`), without ArgumentParser. Most runs look like this —
/// `cogsh script.lua`, `cogsh -e '…'` — and ArgumentParser's reflection costs more
/// than the rest of start-up together. Anything else (a long option, a missing
/// value, `-h`) returns nil so ArgumentParser parses it and writes its messages.
enum LuaStyleCommandLine {
    static func parse(_ argv: [String]) -> RunOptions? {
        var options = RunOptions()
        var i = 1
        while i < argv.count {
            let a = argv[i]
            if a == "--" {
                options.scriptIndex = i + 1 < argv.count ? i + 1 : nil
                return options
            }
            if a == "-" || !a.hasPrefix("-") {
                options.scriptIndex = i
                return options
            }
            switch a {
            case "-i": options.interactive = true
            case "-E": options.ignoreEnvironment = true
            case "-v": options.showVersion = true
            case "-W": options.warnings = true
            default:
                let utf8 = a.utf8
                guard utf8.count >= 2, !a.hasPrefix("--") else { return nil }
                let letter = utf8[utf8.index(after: utf8.startIndex)]
                guard letter == UInt8(ascii: "e") || letter == UInt8(ascii: "l") else { return nil }
                let value: String
                if utf8.count > 2 {
                    value = String(a.dropFirst(2))
                } else {
                    guard i + 1 < argv.count else { return nil }
                    i += 1
                    value = argv[i]
                }
                options.steps.append(letter == UInt8(ascii: "e") ? .execute(value) : .library(value))
            }
            i += 1
        }
        return options
    }
}
