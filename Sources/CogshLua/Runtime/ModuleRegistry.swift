import AWSCore
import LuaHost
import Logging

/// What a module's installer gets: the state, the run's settings and the shared pieces
/// (the queue the Lua thread waits on, the Cognito clients, the logger).
public struct ModuleContext {
    public let state: LuaState
    public let settings: RuntimeSettings
    let queue: WorkQueue
    let clients: ClientFactory
    let logger: Logger
}

/// One Lua module cogsh installs. Its definitions — lua-language-server annotations, the
/// one description of its functions — are what `--emit-types` writes, what `help()`
/// shows, and where the module list comes from.
public struct LuaModule {
    public enum Definitions {
        /// A file under Sources/CogshLua/Lua (e.g. "task.d.lua").
        case builtin(String)
        case text(String)
    }

    public let name: String
    public let definitions: Definitions
    let install: (ModuleContext) -> Void

    public init(name: String, definitions: Definitions, install: @escaping (ModuleContext) -> Void) {
        self.name = name
        self.definitions = definitions
        self.install = install
    }

    public var definitionText: String {
        switch definitions {
        case .builtin(let file): return BuiltinLua.text(file) ?? ""
        case .text(let text): return text
        }
    }
}

/// A job built into cogsh (`cogsh -m NAME`): a Lua script written with the public API only.
public struct LuaJob: Sendable {
    public let name: String
    /// One line for `cogsh -m`.
    public let summary: String
    public var file: String { name + ".lua" }

    public init(name: String, summary: String) {
        self.name = name
        self.summary = summary
    }

    /// The job's source, as `cogsh -m NAME --source` prints it.
    public var source: String { BuiltinLua.text(file) ?? "" }
}

/// Every module and job cogsh has: adding one is its own file(s) plus one line here.
public struct LuaModuleRegistry {
    public var modules: [LuaModule]
    public var jobs: [LuaJob]
    /// Definitions shared by every module (the error object).
    public var commonDefinitions = LuaModule.Definitions.builtin("cogsh.d.lua")

    public init(modules: [LuaModule], jobs: [LuaJob]) {
        self.modules = modules
        self.jobs = jobs
    }

    /// In installation order: a module may use the ones before it.
    public static let standard = LuaModuleRegistry(
        modules: [
            JSONModule.module,
            LogModule.module,
            CSVModule.module,
            HelpModule.module,
            TaskModule.module,
            AWSModule.module,
            CognitoModule.module,
            SnapshotModule.module,
            TemplateModule.module,
        ],
        jobs: [
            LuaJob(name: "whoami", summary: "the identity, region, endpoint and quotas cogsh would use"),
            LuaJob(name: "backup", summary: "POOL_ID FILE [--details] [--overwrite]: the whole pool into one SQLite file, resumable"),
            LuaJob(name: "diff", summary: "OLD NEW [--key ATTRIBUTE]: what changed between two snapshots, a line per difference"),
            LuaJob(name: "query", summary: "FILE SQL [VALUE...]: a read-only SQL query over a snapshot, as CSV"),
            LuaJob(name: "restore", summary: "FILE (POOL_ID | --create-pool NAME) [--dry-run] [--add-custom-attributes]: a snapshot back into a pool"),
            LuaJob(name: "verify", summary: "FILE POOL_ID: does the pool match the snapshot (what a restore carries over)"),
            LuaJob(name: "report", summary: "SNAPSHOT [OUT.html] [--compare OLDER]: the pool on one HTML page with charts"),
        ])

    public var moduleNames: [String] { modules.map(\.name).sorted() }

    public func job(named name: String) -> LuaJob? { jobs.first { $0.name == name } }

    /// The definitions of every module, as one lua-language-server file (`cogsh.lua`).
    public var definitions: String {
        var text = LuaModule(name: "", definitions: commonDefinitions) { _ in }.definitionText
        for module in modules {
            let d = module.definitionText
            text += "\n" + (d.hasSuffix("\n") ? d : d + "\n")
        }
        return text
    }
}
