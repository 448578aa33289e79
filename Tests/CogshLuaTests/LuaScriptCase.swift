import CogshLua
import LuaHost
import XCTest

/// Runs Lua snippets in a state with cogsh's modules installed; the snippets assert
/// in Lua, and a failed assert fails the test with its message and line.
class LuaScriptCase: XCTestCase {
    func lua(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        let state = LuaState()
        Runtime.install(in: state, settings: RuntimeSettings())
        if case .failure(let failure) = state.evaluate(source, name: "=snippet") {
            XCTFail(failure.message, file: file, line: line)
        }
    }

    var temporaryDirectory: String {
        let dir = NSTemporaryDirectory() + "cogsh-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
