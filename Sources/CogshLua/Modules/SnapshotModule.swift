import AWSCore
import Cognito
import LuaHost
import Logging
import Snapshot

#if canImport(Glibc)
import Glibc
#endif

/// The `snapshot` module (DESIGN.md, "Snapshots"): `take`, `open`, `diff`. The Lua half
/// (snapshot.lua) shapes the API — iterators, the db object, progress and the summary
/// line; this half starts the Snapshot target's work and reads its files.
enum SnapshotModule {
    static let module: LuaModule = LuaModule(name: "snapshot", definitions: .builtin("snapshot.d.lua")) { context in
        let clients = context.clients, settings = context.settings, queue = context.queue
        let s = context.state.stack
        let functions: [(String, LuaSwiftFunction)] = [
            ("take", { s in try take(s, clients: clients, queue: queue) }),
            ("open", { s in try SnapshotReading.open(s) }),
            ("diff", { s in try SnapshotReading.diff(s) }),
            ("progress", { s in try ProgressReport.push(s, logFormat: settings.logFormat, quiet: settings.quiet) }),
            ("progress_by_default", { s in s.pushBool(!settings.quiet && isatty(2) != 0); return 1 }),
            ("summary", summary),
            ("error", TaskModule.makeError),
            ("journal", { s in try Journal.push(s) }),
            ("journal_peek", { s in try Journal.pushPeek(s) }),
            ("subs", { s in try subsWriter(s) }),
        ] + StopControls.functions
        s.pushFunctionTable(functions, extraFields: 1)
        s.pushRegistryValue(TaskModule.schedulerKey)
        s.setField("sched", in: -2)
        let state = context.state
        // snapshot = snapshot.lua(S); then restore's three parts add restore and verify.
        s.pushCopy(of: -1)
        BuiltinLua.run("snapshot.lua", in: state, arguments: 1)          // S, snapshot
        s.pushCopy(of: -2)
        BuiltinLua.run("restore_check.lua", in: state, arguments: 1)     // S, snapshot, check
        s.pushCopy(of: -3)
        s.pushCopy(of: -2)
        BuiltinLua.run("restore_setup.lua", in: state, arguments: 2)     // S, snapshot, check, setup
        for _ in 0..<4 { s.pushCopy(of: -4) }
        BuiltinLua.run("restore_run.lua", in: state, arguments: 4, results: 0)
        s.pop(2)                        // check, setup
        state.publishModule("snapshot") // snapshot
        s.pop()                         // S
    }

    static let takeOptions = ["UserPoolId", "file", "details", "shards", "overwrite", "progress"]

    /// take(opts) → { id = the work's id for sched.await, stored = f() -> users, estimated }.
    static func take(_ s: LuaStack, clients: ClientFactory, queue: WorkQueue) throws -> Int32 {
        let opts = try Options(s, at: 1, function: "snapshot.take", known: takeOptions)
        let pool = try opts.string("UserPoolId", required: true)!
        let file = try opts.string("file", required: true)!
        let shards = try opts.integer("shards")
        if let shards, shards != 16, shards != 256 {
            throw CogshError.validation("snapshot.take: shards must be 16 or 256, got \(shards)", field: "shards")
        }
        let request = SnapshotRequest(poolId: pool, file: file, details: try opts.bool("details") ?? false,
                                      shards: shards.map { Int($0) }, overwrite: try opts.bool("overwrite") ?? false)
        _ = try opts.bool("progress")
        let invoker = clients.defaultClient().invoker
        // The pool ID is checked by the model now: a bad one is a ValidationError, nothing sent.
        do {
            _ = try invoker.prepare("DescribeUserPool", params: .object(["UserPoolId": .text(pool)]))
        } catch {
            throw CogshError.validation("snapshot.take: \(error.message)", field: "UserPoolId")
        }
        let taker = SnapshotTaker(invoker: invoker, request: request) { LuaStopReason.current != nil }
        let id = queue.start { await taker.runForLua() }
        s.newTable(fields: 2)
        s.pushInteger(Int64(id))
        s.setField("id", in: -2)
        s.pushFunction { s in
            // With details, AdminGetUser (the slower part) is what progress counts.
            let details = taker.takingDetails.load(ordering: .relaxed)
            let count = details ? taker.detailsStored.load(ordering: .relaxed) : taker.usersStored.load(ordering: .relaxed)
            s.pushInteger(Int64(count))
            let estimate = taker.estimatedUsers.load(ordering: .relaxed)
            if estimate >= 0 { s.pushInteger(Int64(estimate)) } else { s.pushNil() }
            return 2
        }
        s.setField("stored", in: -2)
        return 1
    }

    /// subs(file) → { add = f(pool, username, new_username, old_sub, new_sub), close = f() }:
    /// the restored_subs rows a restore writes into its snapshot.
    static func subsWriter(_ s: LuaStack) throws -> Int32 {
        guard let path = s.string(at: 1) else { throw CogshError.validation("the snapshot file must be a string", field: "file") }
        let writer: RestoredSubsWriter
        do throws(AWSError) { writer = try RestoredSubsWriter(path: path) } catch { throw CogshError(error) }
        s.newTable(fields: 2)
        s.pushFunction { s in
            let row = RestoredSubsWriter.Row(pool: s.string(at: 1) ?? "", username: s.string(at: 2) ?? "", newUsername: s.string(at: 3),
                                             oldSub: s.string(at: 4), newSub: s.string(at: 5))
            do throws(AWSError) { try writer.add(row) } catch { throw CogshError(error) }
            return 0
        }
        s.setField("add", in: -2)
        s.pushFunction { _ in
            do throws(AWSError) { try writer.close() } catch { throw CogshError(error) }
            return 0
        }
        s.setField("close", in: -2)
        return 1
    }

    /// summary(text, fields): the job's last line, as task.map's is written.
    static func summary(_ s: LuaStack) throws -> Int32 {
        let text = s.string(at: 1) ?? ""
        var fields: [String: JSONValue] = ["final": .bool(true)]
        if case .table(let t)? = try? s.value(at: 2), case .object(let o)? = try? FromLua.json(.table(t)) {
            fields.merge(o) { $1 }
        }
        let level: Logger.Level = s.boolean(at: 3) ? .warning : .info
        LogLineHandler.write(LogLineHandler.render(level: level, message: text, format: StderrLines.format, fields: fields))
        return 0
    }
}

extension SnapshotTaker {
    /// The run as a work queue's outcome: the summary, or the error to raise in Lua.
    func runForLua() async -> WorkQueue.Outcome {
        do throws(AWSError) {
            return .success(SummaryValue(summary: try await run()))
        } catch {
            return .failure(error)
        }
    }
}

/// A snapshot's summary as the Lua table `snapshot.take` returns.
struct SummaryValue: LuaPushable {
    let summary: SnapshotSummary

    func push(on s: LuaStack) {
        let m = summary
        var fields: [LuaValue: LuaValue] = [
            "users": .integer(Int64(m.users)), "groups": .integer(Int64(m.groups)),
            "memberships": .integer(Int64(m.memberships)), "calls": .integer(Int64(m.calls)),
            "elapsed": .number(m.elapsed), "complete": .boolean(m.complete), "resumed": .boolean(m.resumed),
            "file": .string(m.file), "UserPoolId": .string(m.poolId), "region": .string(m.region),
        ]
        if let e = m.estimatedUsers { fields["estimated_users"] = .integer(Int64(e)) }
        s.push(.table(LuaTable(fields: fields)))
    }
}
