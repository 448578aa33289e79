#if canImport(Glibc)
import Glibc
#endif

// cogsh: parse the command line, run, exit with the status DESIGN.md gives.
exit(Program.main(arguments: CommandLine.arguments))
