import AWSCore
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// The Swift half of `--apply` (not a module scripts see): the functions plan_apply.lua
/// drives the job with, kept in the registry for PlanCommands.runApply. Installed only
/// in a run started with `--apply`.
enum PlanApplyModule {
    static let key = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    static func install(_ context: ModuleContext, path: String, force: Bool) {
        let clients = context.clients, settings = context.settings
        let functions: [(String, LuaSwiftFunction)] = [
            ("prepare", { s in try prepare(s, path: path, force: force, client: clients.defaultClient()) }),
            ("progress", { s in try ProgressReport.push(s, logFormat: settings.logFormat, quiet: settings.quiet) }),
            ("progress_by_default", { s in s.pushBool(!settings.quiet && isatty(2) != 0); return 1 }),
            ("note", { s in
                let text = s.string(at: 1) ?? ""
                StderrLines.write("note: " + text, level: .warning, message: text, fields: ["note": .bool(true)])
                return 0
            }),
        ] + StopControls.functions
        let s = context.state.stack
        s.pushFunctionTable(functions, extraFields: 2)
        s.pushRegistryValue(TaskModule.schedulerKey)
        s.setField("sched", in: -2)
        s.pushString(path)
        s.setField("path", in: -2)
        s.setRegistryValue(key)
    }

    /// prepare() → job: { total, check = f() -> id, start = f() -> id, counts = f() -> done, skipped, failed, report = f() -> status }.
    static func prepare(_ s: LuaStack, path: String, force: Bool, client: LuaClient) throws -> Int32 {
        let job = try ApplyJob(path: path, force: force, client: client)
        s.newTable(fields: 5)
        s.pushInteger(Int64(job.plan.calls.count))
        s.setField("total", in: -2)
        s.pushFunction { s in s.pushInteger(Int64(job.check())); return 1 }
        s.setField("check", in: -2)
        s.pushFunction { s in s.pushInteger(Int64(try job.start())); return 1 }
        s.setField("start", in: -2)
        s.pushFunction { s in
            let (done, skipped, failed) = job.counts()
            job.applier?.journal.tick()
            s.pushInteger(Int64(done))
            s.pushInteger(Int64(skipped))
            s.pushInteger(Int64(failed))
            return 3
        }
        s.setField("counts", in: -2)
        s.pushFunction { s in s.pushInteger(Int64(ApplyReport.write(job))); return 1 }
        s.setField("report", in: -2)
        return 1
    }
}
