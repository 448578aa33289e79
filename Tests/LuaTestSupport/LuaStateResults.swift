import LuaHost
import XCTest

extension LuaState {
    /// Runs `source` and returns its first result as text (nil when that is neither a
    /// string nor a number). A Lua error fails the calling test, at its line, with the
    /// error's message and traceback.
    public func firstResult(of source: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch evaluate(source, name: "=test") {
        case .success:
            defer { stack.pop() }
            return stack.string(at: -1)
        case .failure(let f):
            XCTFail(f.message, file: file, line: line)
            return nil
        }
    }
}
