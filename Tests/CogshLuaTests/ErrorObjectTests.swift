@testable import CogshLua
import LuaHost
import LuaTestSupport
import XCTest

/// The cogsh.Error objects Swift functions raise: fields, the shared metatable, the
/// kind kept beside each object, conversion failures as ValidationError.
final class ErrorObjectTests: XCTestCase {
    func makeState() -> LuaState {
        let state = LuaState()
        Runtime.install(in: state, settings: RuntimeSettings())
        let s = state.stack
        s.pushFunction { s in
            let args = try s.arguments()
            guard case .integer(let a)? = args.first, case .integer(let b)? = args.dropFirst().first else {
                throw CogshError.validation("add needs two integers", field: "a")
            }
            return s.returning(.integer(a + b))
        }
        s.setGlobal("add")
        s.pushFunction { s in
            throw CogshError(kind: .service, code: s.string(at: 1) ?? "X", message: "it failed",
                             fields: [("status", 400), ("request_id", "r-1"), ("operation", "Op")])
        }
        s.setGlobal("fail")
        return state
    }

    func testErrorObjectCaughtByPcallAndMatchedByCode() {
        let source = """
        local ok, err = pcall(fail, "UserNotFoundException")
        assert(not ok)
        assert(err.code == "UserNotFoundException", "code")
        assert(err:is("UserNotFoundException") and not err:is("Other"), "is")
        assert(err.status == 400 and err.request_id == "r-1" and err.message == "it failed")
        assert(getmetatable(err).__name == "cogsh.Error")
        local ok2, other = pcall(add, 1)
        assert(getmetatable(other) == getmetatable(err), "one shared metatable")
        return tostring(err)
        """
        XCTAssertEqual(makeState().firstResult(of: source), "UserNotFoundException: it failed (Op, request id r-1)")
    }

    func testConversionErrorBecomesValidationError() {
        let source = """
        local t = {}; t.self = t
        local ok, err = pcall(add, t, 1)
        return err.code .. "|" .. err.field .. "|" .. err.message
        """
        XCTAssertEqual(makeState().firstResult(of: source), "ValidationError|self|self contains a cycle (a table that contains itself)")
    }

    func testUncaughtErrorObjectKeepsItsKindFieldsAndTraceback() {
        let state = makeState()
        guard case .failure(let failure) = state.evaluate("local function inner() fail('TooManyRequestsException') end inner()", name: "=script") else {
            return XCTFail("expected failure")
        }
        XCTAssertEqual(failure.category, "service")
        XCTAssertTrue(failure.message.hasPrefix("TooManyRequestsException: it failed (Op, request id r-1)"), failure.message)
        XCTAssertTrue(failure.message.contains("stack traceback:"), failure.message)
        XCTAssertTrue(failure.message.contains("inner"), failure.message)
    }

    func testRethrownObjectKeepsItsKindAndLookalikesHaveNone() {
        let state = makeState()
        guard case .failure(let rethrown) = state.evaluate("local ok, e = pcall(add, 1) error(e, 0)", name: "=script") else {
            return XCTFail("expected failure")
        }
        XCTAssertEqual(rethrown.category, "validation")
        let fake = "error(setmetatable({ code = 'ValidationError' }, getmetatable(select(2, pcall(add)))))"
        guard case .failure(let lookalike) = state.evaluate(fake, name: "=script") else { return XCTFail("expected failure") }
        XCTAssertNil(lookalike.category, "a table the script made is not a cogsh.Error, whatever its code")
    }
}
