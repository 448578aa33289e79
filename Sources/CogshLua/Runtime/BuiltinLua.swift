import LuaHost

/// cogsh's own Lua code: the `.lua` files under Sources/CogshLua/Lua, compiled into the
/// binary (SwiftPM's `.embedInCode`, so the program stays one file), and the one way
/// they are loaded. SwiftPM names embedded files by their file name alone, so names are
/// unique across the folders; a test checks that every file there is listed here.
public enum BuiltinLua {
    static let files: [String: [UInt8]] = [
        // The runtime: error objects, traceback filter, JSON sentinels, os.exit, the REPL.
        "error.lua": PackageResources.error_lua,
        "tracebacks.lua": PackageResources.tracebacks_lua,
        "json_values.lua": PackageResources.json_values_lua,
        "prelude.lua": PackageResources.prelude_lua,
        "repl.lua": PackageResources.repl_lua,
        "plan_apply.lua": PackageResources.plan_apply_lua,
        // The modules' Lua halves.
        "help.lua": PackageResources.help_lua,
        "log.lua": PackageResources.log_lua,
        "task.lua": PackageResources.task_lua,
        "task_map.lua": PackageResources.task_map_lua,
        "cognito.lua": PackageResources.cognito_lua,
        "snapshot.lua": PackageResources.snapshot_lua,
        "restore_check.lua": PackageResources.restore_check_lua,
        "restore_setup.lua": PackageResources.restore_setup_lua,
        "restore_run.lua": PackageResources.restore_run_lua,
        "template.lua": PackageResources.template_lua,
        // The definitions of every module function (help and --emit-types).
        "cogsh.d.lua": PackageResources.cogsh_d_lua,
        "json.d.lua": PackageResources.json_d_lua,
        "log.d.lua": PackageResources.log_d_lua,
        "csv.d.lua": PackageResources.csv_d_lua,
        "help.d.lua": PackageResources.help_d_lua,
        "task.d.lua": PackageResources.task_d_lua,
        "aws.d.lua": PackageResources.aws_d_lua,
        "cognito.d.lua": PackageResources.cognito_d_lua,
        "snapshot.d.lua": PackageResources.snapshot_d_lua,
        "template.d.lua": PackageResources.template_d_lua,
        // Jobs (cogsh -m NAME).
        "whoami.lua": PackageResources.whoami_lua,
        "backup.lua": PackageResources.backup_lua,
        "diff.lua": PackageResources.diff_lua,
        "query.lua": PackageResources.query_lua,
        "restore.lua": PackageResources.restore_lua,
        "verify.lua": PackageResources.verify_lua,
        "report.lua": PackageResources.report_lua,
        // Templates (template.builtin, {{> name}}): the report's page and its parts.
        "report.html": PackageResources.report_html,
        "report_bars.html": PackageResources.report_bars_html,
        "report_figure.html": PackageResources.report_figure_html,
        "report_names.html": PackageResources.report_names_html,
        "report_compare.html": PackageResources.report_compare_html,
        "report_months.html": PackageResources.report_months_html,
        "report_style.html": PackageResources.report_style_html,
    ]

    /// The names of every file, for the test that compares them with the folder.
    public static var names: [String] { files.keys.sorted() }

    /// The text of a built-in file.
    public static func text(_ name: String) -> String? {
        files[name].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Where tracebacks and error positions say a frame of cogsh's own Lua is:
    /// `[cogsh] task.lua:42:`. The marker lets the traceback filter hide these frames
    /// from users (shown with --verbose).
    static let chunkPrefix = "[cogsh] "

    /// Runs the built-in file `name` with the `arguments` values on top of the stack as
    /// its `...`, leaving `results` values. A failure is a bug in cogsh's own Lua and
    /// stops the program, naming the file and line.
    static func run(_ name: String, in state: LuaState, arguments: Int32 = 0, results: Int32 = 1) {
        guard let bytes = files[name] else { fatalError("cogsh: no built-in Lua file \(name)") }
        let status = state.load(bytes, name: "=" + chunkPrefix + name)
        guard status == .ok else { fatalError("cogsh: \(name): \(state.takeFailure(status: status).message)") }
        if arguments > 0 { state.stack.insert(at: -arguments - 1) }
        if let failure = state.call(arguments: arguments, results: results) {
            fatalError("cogsh: \(name): \(failure.message)")
        }
    }

    /// Loads a built-in file as a chunk and pushes it (or the load error), named as
    /// cogsh's own (`[cogsh] plan_apply.lua`), for the caller to run in protected mode.
    static func loadChunk(_ name: String, in state: LuaState) -> LuaStatus {
        guard let bytes = files[name] else { return .fileError }
        return state.load(bytes, name: "=" + chunkPrefix + name)
    }

    /// Loads a job's chunk (the script of `cogsh -m NAME`) and pushes it, as a script's
    /// file is loaded: its frames are the user's to read, so it is named `whoami.lua`.
    static func loadJob(_ file: String, in state: LuaState) -> LuaStatus {
        guard let bytes = files[file] else { return .fileError }
        return state.load(bytes, name: "=" + file)
    }
}
