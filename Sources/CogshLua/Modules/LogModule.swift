import LuaHost
import Logging

/// `log.debug/info/warn/error(fmt, ...)`: printf-style through Lua's own
/// `string.format`, so `%s`, `%d` and `%q` mean what a Lua programmer expects.
enum LogModule {
    static func level(_ name: String) -> Logger.Level? {
        switch name {
        case "debug": return .debug
        case "info": return .info
        case "warn": return .warning
        case "error": return .error
        default: return nil
        }
    }

    /// The Lua half (log.lua) formats; `emit` writes through the run's logger.
    static let module: LuaModule = LuaModule(name: "log", definitions: .builtin("log.d.lua")) { context in
        let logger = context.logger
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
        context.state.stack.pushFunction(emit)
        context.state.stack.pushFunction(enabled)
        BuiltinLua.run("log.lua", in: context.state, arguments: 2)
        context.state.stack.pushString(context.settings.logFormat.rawValue)
        context.state.stack.setField("format", in: -2)
        context.state.publishModule("log")
    }
}
