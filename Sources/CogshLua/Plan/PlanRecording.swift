import AWSCore
import Cognito
import LuaHost

/// The invoker's path for a mutating call in a `--plan` run: admitted (on the Lua
/// thread: the plan's pool, no credential), recorded off it (the state before is read
/// on the work queue, as any call waits), and answered with the dry run's synthetic
/// success, so a script, `task.map` included, runs as it would with `--dry-run`.
enum PlanRecording {
    /// Pushes the answer (or, with `async`, the id the scheduler waits on) and returns 1.
    static func answer(_ call: PreparedCall, recorder: PlanRecorder, client: LuaClient, async: Bool, on s: LuaStack) throws -> Int32 {
        try recorder.admit(call)
        let invoker = client.invoker
        if async {
            s.pushInteger(Int64(client.queue.start { await recorder.record(call, invoker: invoker).map { PlanAnswer() as any Sendable } }))
            return 1
        }
        var timeout = AWSError.timeout("the run exceeded --timeout while planning \(call.operation.name)")
        timeout.operation = call.operation.name
        switch client.queue.run({ await recorder.record(call, invoker: invoker) }, onTimeout: timeout) {
        case .success:
            PlanAnswer().push(on: s)
            return 1
        case .failure(let e):
            throw CogshError(e)
        }
    }
}

/// `{ ResponseMetadata = { DryRun = true } }`: what a recorded call returns, as `--dry-run` does.
struct PlanAnswer: LuaPushable {
    func push(on s: LuaStack) {
        s.push(.table(LuaTable(fields: ["ResponseMetadata": .table(LuaTable(fields: ["DryRun": true]))])))
    }
}
