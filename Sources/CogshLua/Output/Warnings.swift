import LuaHost

/// Lua's warnings (`warn()`, -W, "error in __gc") as cogsh writes them: lua.c's
/// "Lua warning: …" line, or a JSON log line with --log-format json.
enum Warnings {
    static func install() {
        LuaState.setWarningSink { text, length in
            let message = text.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
            StderrLines.write("Lua warning: \(message)", level: .warning, message: "Lua warning: \(message)")
        }
    }
}
