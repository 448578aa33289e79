import LuaHost
import Logging

/// `log.debug/info/warn/error(fmt, ...)`: printf-style through Lua's own
/// `string.format`, so `%s`, `%d` and `%q` mean what a Lua programmer expects.
enum LogModule {
    static let source = """
    local emit, enabled = ...
    local log = {}
    local format, select, tostring = string.format, select, tostring
    for _, level in ipairs({ "debug", "info", "warn", "error" }) do
      log[level] = function(fmt, ...)
        if not enabled(level) then return end
        local msg
        if select("#", ...) == 0 then msg = tostring(fmt) else msg = format(fmt, ...) end
        emit(level, msg)
      end
    end
    return log
    """

    static func level(_ name: String) -> Logger.Level? {
        switch name {
        case "debug": return .debug
        case "info": return .info
        case "warn": return .warning
        case "error": return .error
        default: return nil
        }
    }

    static func install(in state: LuaState, logger: Logger) {
        let emit: LuaSwiftFunction = { s in
            guard let name = s.string(at: 1), let level = level(name) else { return 0 }
            let message = s.string(at: 2) ?? String(decoding: s.bytes(at: 2) ?? [], as: UTF8.self)
            logger.log(level: level, "\(message)")
            return 0
        }
        let enabled: LuaSwiftFunction = { s in
            let on = s.string(at: 1).flatMap(level).map { $0 >= logger.logLevel } ?? false
            s.pushBool(on)
            return 1
        }
        guard case .success = state.evaluate(source, name: Runtime.chunkName("log"), arguments: [emit, enabled]) else { return }
        state.publishModule("log")
    }
}
