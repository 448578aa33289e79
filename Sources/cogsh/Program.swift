#if canImport(Glibc)
import Glibc
#endif

/// Reads the whole command line before any Lua runs (as lua.c does), then hands the
/// run to the ScriptRunner. Usage errors exit 2; `--help` and `--version` exit 0.
enum Program {
    static func main(arguments: [String]) -> Int32 {
        switch CommandLineReader.read(arguments) {
        case .run(let options):
            var runner = ScriptRunner(options: options, argv: arguments)
            return runner.run()
        case .exit(let status, let stdout, let stderr):
            if !stdout.isEmpty { print(stdout) }
            if !stderr.isEmpty { fputs(stderr, Glibc.stderr) }
            return status
        }
    }
}
