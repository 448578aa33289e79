import CLua
import LuaHost
import XCTest

/// Values crossing the boundary both ways keep their Lua meaning.
final class ValueConversionTests: XCTestCase {
    func roundTrip(_ v: LuaValue, file: StaticString = #filePath, line: UInt = #line) {
        let state = LuaState()
        XCTAssertTrue(state.stack.push(v), file: file, line: line)
        XCTAssertEqual(try state.stack.value(at: -1), v, file: file, line: line)
    }

    func testScalarsKeepTheirTypes() throws {
        roundTrip(.nil)
        roundTrip(.boolean(true))
        roundTrip(.boolean(false))
        roundTrip(.integer(3))
        roundTrip(.integer(Int64.min))
        roundTrip(.number(3.0))
        roundTrip(.number(-0.5))
        roundTrip(.string("héllo"))
        roundTrip(.string([0x61, 0x00, 0x62, 0xFF]))   // NUL and invalid UTF-8 survive
    }

    func testIntegerAndFloatStayApartInLua() throws {
        let state = LuaState()
        state.stack.push(.integer(3))
        state.stack.setGlobal("i")
        state.stack.push(.number(3))
        state.stack.setGlobal("f")
        guard case .success = state.evaluate("return math.type(i) .. ',' .. math.type(f) .. ',' .. tostring(f)", name: "=t") else { return XCTFail() }
        XCTAssertEqual(state.stack.string(at: -1), "integer,float,3.0")
    }

    /// Reading a number as text converts a copy: the value on the stack stays a number
    /// and the stack keeps its height (this once recursed until the stack overflowed).
    func testNumbersReadAsTextLeaveTheStackAlone() throws {
        let state = LuaState()
        state.stack.push(.integer(42))
        state.stack.push(.number(1.5))
        let top = lua_gettop(state.L)
        XCTAssertEqual(state.stack.string(at: -2), "42")
        XCTAssertEqual(state.stack.string(at: -1), "1.5")
        XCTAssertEqual(lua_gettop(state.L), top)
        XCTAssertEqual(state.stack.type(at: -2), .number)
        XCTAssertEqual(try state.stack.value(at: -2), .integer(42))
    }

    func testStringWithNULHasFullLengthInLua() throws {
        let state = LuaState()
        state.stack.push(.string([0x61, 0, 0x62]))
        state.stack.setGlobal("s")
        guard case .success = state.evaluate("return #s", name: "=t") else { return XCTFail() }
        XCTAssertEqual(try state.stack.value(at: -1), .integer(3))
    }

    func testTables() throws {
        roundTrip(.table(LuaTable()))
        roundTrip(.table(LuaTable(sequence: [1, "two", 3.5])))
        roundTrip(.table(LuaTable(fields: ["a": 1, "b": .table(LuaTable(fields: ["c": .table(LuaTable())]))])))
        roundTrip(.table(LuaTable(sequence: [1, 2], fields: ["n": 2, .integer(10): "sparse"])))
    }

    func testSequenceStopsAtFirstHole() throws {
        let state = LuaState()
        guard case .success = state.evaluate("return {1, 2, nil, 4}", name: "=t") else { return XCTFail() }
        guard case .table(let t) = try state.stack.value(at: -1) else { return XCTFail() }
        XCTAssertEqual(t.sequence, [1, 2])
        XCTAssertEqual(t.fields, [.integer(4): 4])
    }

    func testCycleIsRejectedWithItsPath() throws {
        let state = LuaState()
        guard case .success = state.evaluate("local t = {a = {b = {}}}; t.a.b.c = t; return t", name: "=t") else { return XCTFail() }
        XCTAssertThrowsError(try state.stack.value(at: -1)) { error in
            let e = error as! LuaConversionError
            XCTAssertEqual(e.reason, .cycle)
            XCTAssertEqual(e.keys, ["a", "b", "c"])
            XCTAssertTrue(e.problem.contains("cycle"))
        }
    }

    func testSharedTableThatIsNotACycleIsAccepted() throws {
        let state = LuaState()
        guard case .success = state.evaluate("local s = {1}; return {s, s}", name: "=t") else { return XCTFail() }
        XCTAssertEqual(try state.stack.value(at: -1), .table(LuaTable(sequence: [.table(LuaTable(sequence: [1])), .table(LuaTable(sequence: [1]))])))
    }

    func testDepthLimit() throws {
        let state = LuaState()
        guard case .success = state.evaluate("local t = {}; local c = t; for i = 1, 150 do c.x = {}; c = c.x end; return t", name: "=t") else { return XCTFail() }
        XCTAssertThrowsError(try state.stack.value(at: -1)) { error in
            XCTAssertEqual((error as! LuaConversionError).reason, .tooDeep(limit: 100))
        }
        XCTAssertNoThrow(try state.stack.value(at: -1, depthLimit: 200))
    }

    func testMetatablesAreNotConsulted() throws {
        let state = LuaState()
        let source = "return setmetatable({}, { __index = function() error('never') end, __pairs = function() error('never') end, __name = 'thing' })"
        guard case .success = state.evaluate(source, name: "=t") else { return XCTFail() }
        XCTAssertEqual(try state.stack.value(at: -1), .table(LuaTable(metatableName: "thing")))
    }

    func testFunctionsCrossAsOpaque() throws {
        let state = LuaState()
        guard case .success = state.evaluate("return print", name: "=t") else { return XCTFail() }
        XCTAssertEqual(try state.stack.value(at: -1), .opaque("function"))
    }
}
