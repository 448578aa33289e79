import CLua
import LuaHost
import LuaTestSupport
import XCTest

/// An error value of the test's own: a table with a code, as a host's error objects are.
struct TableError: LuaRaisable {
    var code: String
    func push(onto stack: LuaStack) {
        stack.push(.table(LuaTable(fields: ["code": .string(code), "message": "it failed"])))
    }
}

extension LuaState {
    func define(_ name: String, _ body: @escaping LuaSwiftFunction) {
        stack.pushFunction(body)
        stack.setGlobal(name)
    }
}

/// Swift functions called from Lua, and errors raised from them through the trampoline.
final class SwiftFunctionTests: XCTestCase {
    func makeState() -> LuaState {
        let state = LuaState()
        state.define("add") { s in
            let args = try s.arguments()
            guard case .integer(let a)? = args.first, case .integer(let b)? = args.dropFirst().first else {
                throw LuaErrorMessage("add needs two integers")
            }
            return s.returning(.integer(a + b))
        }
        state.define("fail") { s in
            throw TableError(code: s.string(at: 1) ?? "X")
        }
        return state
    }

    func testResults() {
        XCTAssertEqual(makeState().firstResult(of: "return tostring(add(2, 3))"), "5")
    }

    func testRaisedValueCaughtByPcall() {
        let source = """
        local ok, err = pcall(fail, "UserNotFoundException")
        assert(not ok)
        assert(err.code == "UserNotFoundException" and err.message == "it failed")
        local ok2, msg = pcall(add, 1)
        assert(not ok2 and msg == "add needs two integers", msg)
        return "ok"
        """
        XCTAssertEqual(makeState().firstResult(of: source), "ok")
    }

    func testConversionErrorIsRaised() {
        let source = """
        local t = {}; t.self = t
        local ok, err = pcall(add, t, 1)
        return tostring(not ok and err ~= nil)
        """
        XCTAssertEqual(makeState().firstResult(of: source), "true")
    }

    /// The host's error objects (tables with its error metatable) keep their fields
    /// and get a traceback field; any other table is described as lua.c describes it.
    func testUncaughtTableErrorsAsTheHostAndLuaCWantThem() {
        let state = makeState()
        guard case .failure(let plain) = state.evaluate("local function inner() fail('X') end inner()", name: "=script") else {
            return XCTFail("expected failure")
        }
        XCTAssertTrue(plain.message.hasPrefix("(error object is a table value)\nstack traceback:"), plain.message)
        XCTAssertTrue(plain.message.contains("inner"), plain.message)

        guard case .success = state.evaluate("local mt = { __tostring = function(e) return 'E: ' .. e.code end } return mt", name: "=mt") else {
            return XCTFail()
        }
        state.stack.pushCopy(of: -1)
        state.stack.setGlobal("hostmt")
        state.setErrorMetatable()
        state.categorizeError = { s, i in s.getField("code", in: i); defer { s.pop() }; return s.string(at: -1) }
        guard case .failure(let hosted) = state.evaluate("local function inner() error(setmetatable({ code = 'TooManyRequestsException' }, hostmt)) end inner()",
                                                          name: "=script") else {
            return XCTFail("expected failure")
        }
        XCTAssertEqual(hosted.category, "TooManyRequestsException")
        guard case .table(let t) = hosted.value, case .string(let tb)? = t["traceback"] else { return XCTFail("no traceback field") }
        XCTAssertTrue(String(decoding: tb, as: UTF8.self).contains("inner"))
        XCTAssertTrue(hosted.message.hasPrefix("E: TooManyRequestsException\nstack traceback:"), hosted.message)
    }

    func testUncaughtStringErrorHasTraceback() {
        guard case .failure(let failure) = LuaState().evaluate("local function f() error('boom') end f()", name: "=script") else {
            return XCTFail("expected failure")
        }
        XCTAssertEqual(failure.kind, .runtime)
        XCTAssertTrue(failure.message.hasPrefix("script:1: boom\nstack traceback:"), failure.message)
        XCTAssertNil(failure.category)
    }

    func testSyntaxError() {
        guard case .failure(let failure) = LuaState().evaluate("x = = 1", name: "=script") else { return XCTFail() }
        XCTAssertEqual(failure.kind, .syntax)
    }

    /// 100,000 raising round trips: neither Lua's heap nor the process grows.
    func testManyRaisingCallsDoNotGrowMemory() {
        let state = makeState()
        let loop = """
        local n = 0
        for i = 1, %d do
          local ok, err = pcall(fail, "UserNotFoundException")
          if not ok and err.code == "UserNotFoundException" then n = n + 1 end
          ok = pcall(add, 1, 2)
        end
        collectgarbage(); collectgarbage()
        return tostring(n)
        """
        XCTAssertEqual(state.firstResult(of: loop.replacingOccurrences(of: "%d", with: "10000")), "10000")  // warm up
        let luaBefore = state.memoryUsed
        let rssBefore = residentBytes()
        XCTAssertEqual(state.firstResult(of: loop.replacingOccurrences(of: "%d", with: "100000")), "100000")
        let luaGrowth = state.memoryUsed - luaBefore
        let rssGrowth = residentBytes() - rssBefore
        XCTAssertLessThan(luaGrowth, 64 * 1024, "Lua heap grew by \(luaGrowth) bytes")
        // AddressSanitizer keeps freed memory in quarantine, so resident size says nothing there.
        if dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil {
            print("resident-memory check skipped: running under AddressSanitizer (its quarantine holds freed memory)")
        } else {
            XCTAssertLessThan(rssGrowth, 8 * 1024 * 1024, "resident memory grew by \(rssGrowth) bytes")
        }
    }

    func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = Int(text.split(separator: " ")[1]) ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func testSwiftFunctionsAreReleasedWithTheState() {
        final class Token {}
        weak var weakToken: Token?
        do {
            let state = LuaState()
            let token = Token()
            weakToken = token
            state.define("keep") { _ in _ = token; return 0 }
        }
        XCTAssertNil(weakToken, "closing the state releases the closure")
    }

    func testMemoryLimitGivesNotEnoughMemory() {
        let state = LuaState(.init(memoryLimit: 4 << 20))
        guard case .failure(let failure) = state.evaluate("local t = {} for i = 1, 1e7 do t[i] = string.rep('x', 100) .. i end", name: "=big") else {
            return XCTFail("expected the limit to stop the chunk")
        }
        XCTAssertEqual(failure.kind, .memory)
        XCTAssertTrue(failure.message.contains("not enough memory"), failure.message)
        // The state is still usable afterwards.
        XCTAssertEqual(state.firstResult(of: "collectgarbage() return 'alive'"), "alive")
    }
}

/// Numbers as Lua's tostring writes them, for the attribute shorthand.
final class LuaNumberFormatTests: XCTestCase {
    func testFloatsAreWrittenAsLuaWritesThem() {
        XCTAssertEqual(LuaNumberFormat.float(1.0 / 3.0), "0.33333333333333")
        XCTAssertEqual(LuaNumberFormat.float(-0.0), "-0.0")
        XCTAssertEqual(LuaNumberFormat.float(1.2345678901234567e17), "1.2345678901235e+17")
        XCTAssertEqual(LuaNumberFormat.float(3.0), "3.0")
    }
}
