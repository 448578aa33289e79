import AWSCore
import Foundation
import LuaHost

/// The `task` module: `spawn`, `wait`, `sleep`, `map` (DESIGN.md, "Concurrency, pacing
/// and bulk jobs"). The scheduler and the API are Lua (TaskModuleSource, TaskMapSource);
/// this half gives them what only Swift has: the queue of work in flight and the Lua
/// thread's wait on it, the stop signals, the journal, the progress line.
enum TaskModule {
    /// Registry key of the scheduler's internal table, which the cognito module uses.
    static let schedulerKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    static let module: LuaModule = LuaModule(name: "task", definitions: .builtin("task.d.lua")) { context in
        install(in: context.state, queue: context.queue, settings: context.settings)
    }

    static func install(in state: LuaState, queue: WorkQueue, settings: RuntimeSettings) {
        let s = state.stack
        state.installWaitPassthrough()
        let functions: [(String, LuaSwiftFunction)] = [
            ("error", makeError),
            ("report", report),
            ("poll", { s in try poll(s, queue: queue) }),
            ("sleep", { s in try sleep(s, queue: queue) }),
            ("forget", { _ in queue.forgetAll(); return 0 }),
            ("progress_by_default", { s in s.pushBool(!settings.quiet && isatty(2) != 0); return 1 }),
            ("progress", { s in try ProgressReport.push(s, logFormat: settings.logFormat, quiet: settings.quiet) }),
            ("journal", { s in try Journal.push(s) }),
        ] + StopControls.functions
        s.pushFunctionTable(functions, extraFields: 3)
        s.pushWaitMarker()
        s.setField("marker", in: -2)
        s.pushTaskResume()
        s.setField("resume", in: -2)
        s.pushTraceback()
        s.setField("traceback", in: -2)
        // task, sched = task.lua(S)
        s.pushCopy(of: -1)
        BuiltinLua.run("task.lua", in: state, arguments: 1, results: 2)
        // Stack: S, task, sched.
        s.getField("wait_in_place", in: -1)
        state.setWaitInPlace()
        s.pushCopy(of: -1)
        s.setRegistryValue(schedulerKey)
        // task.map = task_map.lua(S, task, sched, log)
        s.pushCopy(of: -3)
        s.pushCopy(of: -3)
        s.pushCopy(of: -3)
        s.pushGlobal("log")
        BuiltinLua.run("task_map.lua", in: state, arguments: 4)
        s.setField("map", in: -3)
        s.pop()                      // sched
        state.publishModule("task")  // task
        s.pop()                      // S
    }

    /// error(code, message, field) → a cogsh.Error for the Lua half to raise.
    static func makeError(_ s: LuaStack) throws -> Int32 {
        let code = s.string(at: 1).flatMap(LocalErrorCode.init(rawValue:)) ?? .validation
        let message = s.string(at: 2) ?? ""
        let error = code == .validation ? CogshError.validation(message, field: s.string(at: 3) ?? "") : CogshError(code, message)
        error.push(onto: s)
        return 1
    }

    /// report(err): prints an error as an uncaught one is printed, and goes on.
    static func report(_ s: LuaStack) throws -> Int32 {
        fflush(stdout)
        StderrLines.error(s.describeError(at: 1), value: try? s.value(at: 1), exit: nil)
        return 0
    }

    /// poll(timeout) → { n = 3k, id, ok, value, ... }: the work that has finished, after
    /// waiting up to `timeout` seconds for some (or a stop).
    static func poll(_ s: LuaStack, queue: WorkQueue) throws -> Int32 {
        let finished = queue.takeFinished(waiting: s.number(at: 1) ?? 1)
        s.newTable(sequence: finished.count * 3, fields: 1)
        var i: Int64 = 0
        for (id, outcome) in finished {
            s.pushInteger(Int64(id))
            s.setIndex(i + 1, in: -2)
            switch outcome {
            case .success(let value):
                s.pushBool(true)
                s.setIndex(i + 2, in: -2)
                if let response = value as? AWSResponse {
                    if !ToLua.push(response, on: s) { s.pushNil() }
                } else if let pushable = value as? LuaPushable {
                    pushable.push(on: s)
                } else {
                    s.pushBool(true)
                }
            case .failure(let error):
                s.pushBool(false)
                s.setIndex(i + 2, in: -2)
                CogshError(error).push(onto: s)
            }
            s.setIndex(i + 3, in: -2)
            i += 3
        }
        s.pushInteger(i)
        s.setField("n", in: -2)
        return 1
    }

    /// sleep(seconds) → the id of a wait that ends after that long.
    static func sleep(_ s: LuaStack, queue: WorkQueue) throws -> Int32 {
        let seconds = max(0, s.number(at: 1) ?? 0)
        let id = queue.start {
            await EventLoopTaskExecutor.shared.sleep(seconds: seconds)
            return .success(true)
        }
        s.pushInteger(Int64(id))
        return 1
    }
}
