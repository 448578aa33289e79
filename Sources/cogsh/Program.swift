import CogshLua

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
        case .emitTypes(let directory):
            do {
                let luarc = try LuaTypesWriter.write(to: directory)
                // The note to stderr, the .luarc.json alone on stdout: `> .luarc.json` works.
                fputs("cogsh: wrote \(LuaTypesWriter.files.joined(separator: " and ")) to \(directory); a .luarc.json beside your scripts that uses them:\n", Glibc.stderr)
                print(luarc)
                return ExitStatus.success
            } catch {
                fputs("cogsh: --emit-types \(directory): \(error.localizedDescription)\n", Glibc.stderr)
                return ExitStatus.configuration
            }
        }
    }
}
