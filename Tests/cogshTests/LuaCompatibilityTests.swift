import Foundation
import XCTest

/// cogsh runs chunks as lua.c does: the same inputs give the same output and status
/// as the system lua5.4 (program names aside).
final class LuaCompatibilityTests: XCTestCase {
    var dir: String = ""

    override func setUpWithError() throws {
        guard Executables.lua != nil else { throw XCTSkip("lua5.4 is not installed (scripts/bootstrap installs it)") }
        dir = NSTemporaryDirectory() + "cogsh-compat-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "return { x = 42, name = ... }\n".write(toFile: dir + "/mymod.lua", atomically: true, encoding: .utf8)
        try """
        print("script", ...)
        print(select('#', ...))
        for i = -4, #arg do print(i, arg[i]) end
        """.write(toFile: dir + "/show.lua", atomically: true, encoding: .utf8)
        try "init_from_file = true\n".write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs both and compares stdout, stderr and status, with each program's own path
    /// and name replaced by PROG, the banner of -i and -v without cogsh's own version,
    /// and addresses ("table: 0x…") as 0xADDR.
    func assertSame(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let env = environment.merging(["LUA_PATH": dir + "/?.lua;;"]) { a, _ in a }
        let ours = try runCommand(Executables.cogsh, arguments, stdin: stdin, environment: env)
        let theirs = try runCommand(Executables.lua!, arguments, stdin: stdin, environment: env)
        // lua.c runs everything inside one C function, so its tracebacks end with an
        // extra "[C]: in ?" frame; cogsh's do not. That line aside, they must agree.
        func normal(_ s: String, _ path: String, _ name: String) -> String {
            s.replacingOccurrences(of: path, with: "PROG").replacingOccurrences(of: name + ":", with: "PROG:")
                .replacingOccurrences(of: "\n\t[C]: in ?", with: "")
                .replacingOccurrences(of: #"^cogsh \S+  (?=Lua )"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"0x[0-9a-f]+"#, with: "0xADDR", options: .regularExpression)
        }
        XCTAssertEqual(normal(ours.stdout, Executables.cogsh, "cogsh"), normal(theirs.stdout, Executables.lua!, "lua5.4"), "stdout of \(arguments)", file: file, line: line)
        XCTAssertEqual(normal(ours.stderr, Executables.cogsh, "cogsh"), normal(theirs.stderr, Executables.lua!, "lua5.4"), "stderr of \(arguments)", file: file, line: line)
        XCTAssertEqual(ours.status, theirs.status, "status of \(arguments)", file: file, line: line)
    }

    func testExecuteStrings() throws {
        try assertSame(["-e", "print(1 + 1)", "-e", "print(math.type(1), math.type(1.0), 7 // 2, 7 / 2)"])
        try assertSame(["-eprint('attached')"])
        try assertSame(["-e", "for i = -3, #arg do print(i, arg[i]) end"])
    }

    func testLibraries() throws {
        try assertSame(["-l", "mymod", "-e", "print(mymod.x, mymod.name)"])
        try assertSame(["-l", "m=mymod", "-e", "print(m.x, mymod)"])
        try assertSame(["-e", "print(mymod)", "-lmymod", "-e", "print(mymod.x)"])
        try assertSame(["-l", "nosuchmodule"])
    }

    func testScriptArgumentsAndVarargs() throws {
        try assertSame([dir + "/show.lua", "a", "b c", "-e", "--"])
        try assertSame(["-e", "x = 1", dir + "/show.lua"])
        try assertSame(["--", dir + "/show.lua", "z"])
    }

    func testStdinScript() throws {
        try assertSame(["-", "one", "two"], stdin: "print('stdin', ...)\nfor i = -2, #arg do print(i, arg[i]) end\n")
        try assertSame([], stdin: "print('piped')\nprint(#arg, arg[0] ~= nil)\n")
        try assertSame(["-e", "print('e only')"], stdin: "print('not run')\n")
    }

    func testWarnings() throws {
        try assertSame(["-e", "warn('off by default')"])
        try assertSame(["-W", "-e", "warn('one') warn('in ', 'parts') warn('@off') warn('hidden') warn('@on') warn('back')"])
        try assertSame(["-e", "warn('@on') warn('turned on by the script')"])
        try assertSame(["-W", "-e", "setmetatable({}, { __gc = function() error('in gc') end }) collectgarbage()"])
    }

    /// lua.c's rules (lauxlib's warnfoff/warnfon/warnfcont): a control message is a warning
    /// in one piece starting with '@'; once a message has begun, its later pieces are text,
    /// even "@on"; while warnings are off each piece is looked at alone; unknown controls
    /// are ignored.
    func testWarningPiecesAndControlMessages() throws {
        for source in [
            "warn('@on') warn('', '@on') warn('@on', '')",
            "warn('', '@on') warn('on now')",
            "warn('a', '@on') warn('on now')",
            "warn('@on') warn('a', '@off') warn('still on') warn('@off') warn('off')",
            "warn('@on') warn('@xyz') warn('@') warn('@ON') warn('@on ') warn('after the unknown ones')",
            "warn('@on') warn('', '', '') warn('in ', 'three ', 'pieces')",
        ] {
            try assertSame(["-e", source])
        }
        try assertSame(["-W", "-e", "warn('x', '@off') warn('', '@off') warn('still on')"])
        try assertSame(["-W", "-i"], stdin: "warn('', '@on')\nwarn('@off')\nwarn('hidden')\n")
        XCTAssertEqual(try cogsh(["-e", "warn('@on') warn('', '@on')"]).stderr, "Lua warning: @on\n")
    }

    func testArgumentsOfAStdinScriptComeFromTheArgTable() throws {
        try assertSame(["-e", "arg[1] = 100", "-"], stdin: "print(...)\n")
        try assertSame(["-e", "arg = 1", "-"], stdin: "print('not run')\n")
        try assertSame(["-e", "arg[2] = 'two'", dir + "/show.lua", "one"])
        try assertSame(["-e", "arg = nil", dir + "/show.lua", "x"])
    }

    /// -i with stdin not a terminal prints the prompts (_PROMPT and _PROMPT2 when set)
    /// and the lines read, as lua.c does; the banner's first line names the program.
    func testPromptsWithoutATerminal() throws {
        let input = "print(1)\nx = 2\n=x\n_PROMPT = 'P> '\n_PROMPT2 = 'C> '\nfunction f()\nreturn 3\nend\n=f()\n"
        let ours = try runCommand(Executables.cogsh, ["-i"], stdin: input)
        let theirs = try runCommand(Executables.lua!, ["-i"], stdin: input)
        func body(_ s: String) -> String { s.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().joined() }
        XCTAssertEqual(body(ours.stdout), body(theirs.stdout))
        XCTAssertTrue(body(ours.stdout).contains("P> function f()\nC> return 3"), ours.stdout)
        XCTAssertEqual(ours.status, theirs.status)
    }

    /// _PROMPT and _PROMPT2 go through tostring, as in lua.c's get_prompt (luaL_tolstring):
    /// a __tostring metamethod runs for every prompt shown; numbers, booleans and other
    /// tables are prompts too; the global is read as any global (_G's metatable applies).
    func testPromptsAreConvertedByTostring() throws {
        let counter = "_PROMPT = setmetatable({}, {__tostring = function() C = (C or 0) + 1; return C end})\nprint(1)\nprint(2)\n"
        try assertSame(["-i"], stdin: counter)
        XCTAssertTrue(try cogsh(["-i"], stdin: counter).stdout.hasSuffix("\n1print(1)\n1\n2print(2)\n2\n3\n"))
        try assertSame(["-i"], stdin: "_PROMPT = 42\n_PROMPT2 = 4.5\nfor i = 1, 2 do\nprint(i)\nend\n_PROMPT = false\n")
        try assertSame(["-i"], stdin: "_PROMPT2 = setmetatable({}, {__tostring = function() return 'more: ' end})\nfunction f()\nreturn 1\nend\n")
        try assertSame(["-i"], stdin: "_PROMPT = setmetatable({}, {__name = 'Named'})\n_PROMPT = {}\n")
        try assertSame(["-i"], stdin: "do setmetatable(_G, {__index = function(_, k) if k == '_PROMPT' then return 'meta> ' end end}) end\nprint(1)\n")
    }

    /// When converting a prompt fails (__tostring raises, or returns no string), lua.c ends
    /// the session: the message without a traceback, status 1, the state closed.
    func testAPromptThatFailsEndsTheSession() throws {
        try assertSame(["-i"], stdin: "_PROMPT = setmetatable({}, {__tostring = function() error('boom') end})\nprint('not run')\n")
        try assertSame(["-i"], stdin: "_PROMPT = setmetatable({}, {__tostring = function() return {} end})\nprint('not run')\n")
        try assertSame(["-i"], stdin: "_PROMPT2 = setmetatable({}, {__tostring = function() error('boom2') end})\nfor i = 1, 2 do\nprint(i)\nend\n")
        try assertSame(["-i"], stdin: "local t = setmetatable({}, {__gc = function() print('closed') end}) "
                                     + "_PROMPT = setmetatable({}, {__tostring = function() error('x') end})\n")
        // An error value that is no string: lua.c prints "(null)"; cogsh describes it (docs/LUA_API.md).
        let table = try cogsh(["-i"], stdin: "_PROMPT = setmetatable({}, {__tostring = function() error({}) end})\n")
        XCTAssertEqual(table.stderr, "(error object is a table value)\n")
        XCTAssertEqual(table.status, 1)
        // A cogsh error object ends it with its own status, as when uncaught anywhere else.
        let object = try cogsh(["-i"], stdin: "_PROMPT = setmetatable({}, {__tostring = function() json.decode('[') end})\n")
        XCTAssertEqual(object.stderr, "ParseError: json.decode: unexpected end of input at position 2\n")
        XCTAssertEqual(object.status, 255)
    }

    /// Input that ends inside a statement: cogsh reports the syntax error where lua.c
    /// prints "(null)" (docs/LUA_API.md); both go on to end with status 0.
    func testEndOfInputInsideAStatement() throws {
        let result = try cogsh(["-i"], stdin: "for i = 1, 2 do\n")
        XCTAssertEqual(result.stderr, "stdin:1: 'end' expected near <eof>\n")
        XCTAssertEqual(result.status, try runCommand(Executables.lua!, ["-i"], stdin: "for i = 1, 2 do\n").status)
    }

    /// lua.c refuses a flag with more letters after it; cogsh too, with its usage status 2.
    func testCombinedFlagsAreRefused() throws {
        for flags in ["-vv", "-iv", "-Ex", "-Wi"] {
            let theirs = try runCommand(Executables.lua!, [flags, "-e", ""])
            let ours = try cogsh([flags, "-e", ""])
            XCTAssertTrue(theirs.stderr.contains("unrecognized option '\(flags)'"), theirs.stderr)
            XCTAssertEqual(ours.stderr, "cogsh: unrecognized option '\(flags)'\n")
            XCTAssertEqual(ours.status, 2)
        }
    }

    /// A user's traceback shows the API function called, never cogsh's own frames.
    func testTracebacksHideCogshsOwnFrames() throws {
        for source in ["local x = cognito.admin_update_user_atributes", "task.map(42, print)",
                       "local t = task.spawn(function() task.sleep(0) error('in a task') end)"] {
            let result = try cogsh(["-e", source])
            XCTAssertNotEqual(result.status, 0)
            XCTAssertFalse(result.stderr.contains("[cogsh]"), result.stderr)
            XCTAssertTrue(result.stderr.contains("(command line):1:"), result.stderr)
        }
        let index = try cogsh(["-e", "local x = cognito.admin_update_user_atributes"])
        XCTAssertTrue(index.stderr.hasSuffix("stack traceback:\n\t[C]: in metamethod 'index'\n\t(command line):1: in main chunk\n"), index.stderr)
        let map = try cogsh(["-e", "task.map(42, print)"])
        XCTAssertTrue(map.stderr.contains("\t[C]: in function 'task.map'\n\t(command line):1: in main chunk"), map.stderr)
    }

    func testLuaInit() throws {
        try assertSame(["-e", "print(initvar)"], environment: ["LUA_INIT": "initvar = 'from LUA_INIT'"])
        try assertSame(["-e", "print(initvar)"], environment: ["LUA_INIT": "initvar = 1", "LUA_INIT_5_4": "initvar = 2"])
        try assertSame(["-e", "print(init_from_file)"], environment: ["LUA_INIT": "@" + dir + "/init.lua"])
        try assertSame(["-E", "-e", "print(initvar)"], environment: ["LUA_INIT": "initvar = 3"])
        try assertSame(["-e", "print(1)"], environment: ["LUA_INIT": "error('init fails')"])
    }

    func testErrorsAndStatus() throws {
        try assertSame(["-e", "error('boom')"])
        try assertSame(["-e", "x = = 1"])
        try assertSame(["-e", "error({})"])
        try assertSame(["-e", "error(setmetatable({}, {__tostring = function() return 'custom' end}))"])
        try assertSame(["-e", "error(42)"])
        // cogsh's own error objects are where cogsh differs (docs/LUA_API.md): they keep
        // their fields and print their text followed by the traceback stored in them.
        let object = try cogsh(["-e", "json.decode('[')"])
        XCTAssertEqual(object.status, 255)
        XCTAssertTrue(object.stderr.hasPrefix("cogsh: ParseError: json.decode: unexpected end of input at position 2\nstack traceback:"), object.stderr)
        try assertSame([dir + "/missing.lua"])
        try assertSame(["-e", "os.exit(7)"])
        try assertSame(["-e", "os.exit(false)"])
        try assertSame(["-e", "io.write('no newline'); os.exit(true)"])
    }
}
