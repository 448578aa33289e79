import ArgumentParser
import XCTest
@testable import cogsh

/// The fast lua.c-style reader must read a command line exactly as ArgumentParser
/// does, and hand everything it does not know to ArgumentParser.
final class CommandLineReaderTests: XCTestCase {
    func testReadsLuaStyleCommandLinesAsArgumentParserDoes() throws {
        let lines: [[String]] = [
            [], ["script.lua"], ["script.lua", "--region", "x", "-e"], ["-e", ""], ["-eprint(1)"],
            ["-e", "a=1", "-l", "m", "-e", "b=2", "s.lua", "1"], ["-lg=mod", "-i"], ["-E", "-v", "-W"],
            ["-"], ["-i", "-"], ["--"], ["--", "s.lua", "a"], ["--", "-"], ["-e", "x", "--", "-e"],
            ["-v", "script", "-i"],
        ]
        for tail in lines {
            let argv = ["cogsh"] + tail
            guard let fast = LuaStyleCommandLine.parse(argv) else { return XCTFail("fast reader refused \(tail)") }
            let parsed = try XCTUnwrap(Options.parseAsRoot(CommandLineSplit(argv).normalized) as? Options)
            let slow = parsed.runOptions(argv: argv)
            XCTAssertEqual(fast.steps, slow.steps, "\(tail)")
            XCTAssertEqual(fast.scriptIndex, slow.scriptIndex, "\(tail)")
            XCTAssertEqual(
                [fast.interactive, fast.ignoreEnvironment, fast.showVersion, fast.warnings],
                [slow.interactive, slow.ignoreEnvironment, slow.showVersion, slow.warnings], "\(tail)")
        }
    }

    func testLeavesEverythingElseToArgumentParser() {
        let others: [[String]] = [
            ["--region", "eu-west-1", "s.lua"], ["-h"], ["--help"], ["--version"], ["-e"], ["-l"],
            ["-x"], ["-iE"], ["-e", "x", "--timeout", "1"], ["--dry-run"],
        ]
        for tail in others {
            XCTAssertNil(LuaStyleCommandLine.parse(["cogsh"] + tail), "\(tail)")
        }
    }
}
