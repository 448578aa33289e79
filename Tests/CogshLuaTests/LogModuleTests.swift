@testable import CogshLua
import Logging
import XCTest

final class LogModuleTests: LuaScriptCase {
    func testTextAndJSONLines() throws {
        let text = LogLineHandler.render(level: .warning, message: "gone: alice", format: .text)
        XCTAssertNotNil(text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN  gone: alice\n$"#, options: .regularExpression), text)
        let json = LogLineHandler.render(level: .error, message: "bad \"x\"", format: .json)
        XCTAssertTrue(json.hasPrefix(#"{"level":"error","msg":"bad \"x\"","time":""#), json)
        XCTAssertTrue(json.hasSuffix("\"}\n"))
    }

    func testFormattingAndCallShapes() {
        lua(#"""
        log.info("%s has %d users", "pool", 3)
        log.info({})          -- no format arguments: tostring, no error
        log.debug("100%")     -- a lone % is fine without arguments
        local ok = pcall(log.info, "%d", "x")
        assert(not ok, "string.format's own errors reach the script")
        """#)
    }
}
