import XCTest
@testable import cogsh

/// The one reader of the command line: lua.c's options read as lua.c reads them, with
/// or without cogsh's own options among them (which ArgumentParser parses).
final class CommandLineReaderTests: XCTestCase {
    func options(_ tail: [String], file: StaticString = #filePath, line: UInt = #line) -> RunOptions? {
        guard case .run(let run) = CommandLineReader.read(["cogsh"] + tail) else {
            XCTFail("\(tail) was not read as a run", file: file, line: line)
            return nil
        }
        return run
    }

    func testLuaStyleLinesReadTheSameWithCogshOptionsAmongThem() throws {
        let lines: [[String]] = [
            [], ["script.lua"], ["script.lua", "--region", "x", "-e"], ["-e", ""], ["-eprint(1)"], ["-ea=1"],
            ["-e", "a=1", "-l", "m", "-e", "b=2", "s.lua", "1"], ["-lg=mod", "-i"], ["-E", "-v", "-W"],
            ["-"], ["-i", "-"], ["--"], ["--", "s.lua", "a"], ["--", "-"], ["-e", "x", "--", "-e"],
            ["-v", "script", "-i"], ["-e", "--region"],
        ]
        for tail in lines {
            let plain = try XCTUnwrap(options(tail))
            // The same line with cogsh's own options in front: ArgumentParser reads those.
            let prefix = ["--region", "eu-west-1", "--dry-run", "--max-attempts=2"]
            let mixed = try XCTUnwrap(options(prefix + tail))
            XCTAssertEqual(plain.steps, mixed.steps, "\(tail)")
            XCTAssertEqual(plain.scriptIndex.map { $0 + prefix.count }, mixed.scriptIndex, "\(tail)")
            XCTAssertEqual([plain.interactive, plain.ignoreEnvironment, plain.showVersion, plain.warnings],
                           [mixed.interactive, mixed.ignoreEnvironment, mixed.showVersion, mixed.warnings], "\(tail)")
            XCTAssertEqual(mixed.runtime.aws.region, "eu-west-1")
            XCTAssertEqual(mixed.runtime.aws.maxAttempts, 2)
            XCTAssertTrue(mixed.runtime.dryRun)
            XCTAssertNil(plain.runtime.aws.region)
        }
    }

    func testStepsKeepCommandLineOrderAcrossOwnOptions() throws {
        let run = try XCTUnwrap(options(["-e", "a", "--profile", "p", "-lm", "--timeout", "3", "-e", "b", "s.lua", "--profile", "q"]))
        XCTAssertEqual(run.steps, [.execute("a"), .library("m"), .execute("b")])
        XCTAssertEqual(run.scriptIndex, 10)
        XCTAssertEqual(run.runtime.aws.profile, "p", "options after the script are the script's")
        XCTAssertEqual(run.timeout, 3)
    }

    func testValuesOfOwnOptionsAreNotTakenForTheScript() throws {
        for tail in [["--profile", "prod", "s.lua"], ["--log-format", "json", "s.lua"], ["--lock", "/tmp/x", "s.lua"],
                     ["--endpoint-url=http://127.0.0.1:1", "s.lua"]] {
            XCTAssertEqual(try XCTUnwrap(options(tail)).scriptIndex, tail.count, "\(tail)")
        }
    }

    func testHelpVersionAndUsageErrors() {
        for tail in [["-h"], ["--help"], ["--region", "x", "--help"]] {
            guard case .exit(0, let out, _) = CommandLineReader.read(["cogsh"] + tail) else { return XCTFail("\(tail)") }
            XCTAssertTrue(out.contains("--endpoint-url"), "\(tail)")
        }
        guard case .exit(0, let version, _) = CommandLineReader.read(["cogsh", "--version"]) else { return XCTFail("--version") }
        XCTAssertTrue(version.hasPrefix("cogsh "))
        for tail in [["-e"], ["-l"], ["-x"], ["-iE"], ["-vv"], ["--no-such"], ["--timeout", "soon"], ["--region"]] {
            guard case .exit(2, _, let err) = CommandLineReader.read(["cogsh"] + tail) else { return XCTFail("\(tail) is a usage error") }
            XCTAssertTrue(err.hasPrefix("cogsh: "), err)
        }
        // After the script, everything is the script's, even --help.
        guard case .run(let run) = CommandLineReader.read(["cogsh", "s.lua", "--help"]) else { return XCTFail("script --help") }
        XCTAssertEqual(run.scriptIndex, 1)
    }
}
