import LuaHost

/// `help()` lists the modules; `help(f)` describes a function. Descriptions come from
/// the modules' definitions (the registry's, the same text `--emit-types` writes), read
/// by help.lua on first use; cognito operations add theirs from the service model.
enum HelpModule {
    /// The registry the running modules came from (set before they are installed).
    nonisolated(unsafe) static var registry: LuaModuleRegistry?

    static let module: LuaModule = LuaModule(name: "help", definitions: .builtin("help.d.lua")) { context in
        let registry = HelpModule.registry ?? .standard
        let s = context.state.stack
        s.newTable(fields: 2)
        s.pushFunction { s in s.pushString(registry.definitions); return 1 }
        s.setField("definitions", in: -2)
        s.pushFunction { s in s.returning(.table(LuaTable(sequence: registry.moduleNames.map { .string($0) }))) }
        s.setField("modules", in: -2)
        BuiltinLua.run("help.lua", in: context.state, arguments: 1)
        context.state.publishModule("help")
    }
}
