import AWSCore
import Cognito
import Foundation
import Snapshot

/// The one recorder of a `--plan` run, held by the ClientFactory and every LuaClient it
/// makes: a mutating call is validated (by the invoker, as always), then recorded here
/// with the state before of the user or resource it touches, read once (from the pool,
/// paced like any read, or from `--snapshot`), and the script gets the dry run's
/// synthetic success. Calls on one user (or one resource) are recorded in the order the
/// script made them, whatever tasks made them; the file's lines are numbered in the
/// order they are written.
final class PlanRecorder: @unchecked Sendable {
    /// The run's recorder, for the program to finish the plan when the run ends.
    nonisolated(unsafe) static var current: PlanRecorder?

    let settings: PlanRecordSettings
    let id = UUID().uuidString.lowercased()
    private let lock = NSLock()
    private var writer: PlanFileWriter?
    private var snapshot: SnapshotReader?
    /// The pool of the first recorded call: every call of a plan is on it.
    private var pool: String?
    private var header: Task<Result<PlanHeader, AWSError>, Never>?
    private var written: PlanHeader?
    /// Username → its state before (nil inside: it did not exist).
    private var users: [String: UserState?] = [:]
    private var resources: [String: PlanCall.Before] = [:]
    /// The last recording of each user or resource, which the next one waits for.
    private var tails: [String: (id: Int, task: Task<Result<Void, AWSError>, Never>)] = [:]
    private var lastTail = 0
    private var calls = 0
    private var ended = false

    init(settings: PlanRecordSettings) {
        self.settings = settings
    }

    // MARK: Before the script runs

    /// Refuses a plan path whose apply has begun, creates the file (0600) and opens the
    /// snapshot, before the script runs: a problem is a ConfigError and nothing is read.
    func prepare() throws(AWSError) {
        let path = settings.path
        for other in [PlanRecordSettings.journalPath(of: path), PlanRecordSettings.undoPath(of: path)]
        where FileManager.default.fileExists(atPath: other) {
            throw AWSError.config("--plan \(path): \(other) is there, so this plan has been applied; plan into another file, "
                + "or move \(other) away first")
        }
        if let file = settings.snapshot {
            let reader = try SnapshotReader(path: file)
            guard reader.meta.complete else {
                throw AWSError.config("--snapshot \(file) is incomplete (taken from \(reader.meta.startedAt), never finished): "
                    + "finish it with cogsh -m backup, or plan without it")
            }
            snapshot = reader
        }
        writer = try PlanFileWriter(creating: path)
    }

    // MARK: On the Lua thread, as a call is made

    /// The checks made before anything is read: the call is on a pool (the plan's), and
    /// carries no credential. A refusal is a ValidationError: nothing was sent.
    func admit(_ call: PreparedCall) throws {
        let op = call.operation.name
        guard let pool = call.input["UserPoolId"]?.stringValue else {
            throw CogshError.validation("--plan: \(op) is not a call on a user pool (it has no UserPoolId); a plan holds the "
                + "calls on one pool", operation: op)
        }
        if let member = PlanSecrets.credentialMember(in: call.input) {
            throw CogshError.validation("--plan: \(op) carries a credential (\(member)), and a plan file never holds one: "
                + "make this call outside the plan", field: member, operation: op)
        }
        try lock.withLock {
            if ended { throw CogshError(.config, "--plan: the plan \(settings.path) is already finished") }
            if let planned = self.pool, planned != pool {
                throw CogshError.validation("--plan: this \(op) is on the pool \(pool), but the plan is for \(planned) "
                    + "(its first call's): a plan covers one pool", field: "UserPoolId", operation: op)
            }
            self.pool = pool
        }
    }

    // MARK: Off the Lua thread

    /// Records the call (after its user's or resource's earlier calls) with its `before`.
    func record(_ call: PreparedCall, invoker: CognitoInvoker) async -> Result<Void, AWSError> {
        let header: PlanHeader
        switch await headerWritten(invoker) {
        case .success(let h): header = h
        case .failure(let e): return .failure(e)
        }
        if case .success(let client) = await invoker.client(), client.config.region != header.region {
            return .failure(.config("--plan: this \(call.operation.name) goes to the region \(client.config.region), but the plan "
                + "is for \(header.region ?? "?") (a plan covers one pool in one region)"))
        }
        let line = PlanCall(n: 0, op: call.operation.name, input: call.input, before: .notRecorded)
        let key = line.username.map { "user:" + $0 } ?? "pool:" + PoolResources.key(line)
        return await inOrder(key) { await self.recordInOrder(line, invoker: invoker) }
    }

    private func recordInOrder(_ call: PlanCall, invoker: CognitoInvoker) async -> Result<Void, AWSError> {
        var line = call
        if let username = call.username, let pool = call.pool {
            switch await userBefore(username, pool: pool, groups: PlanOperations.needsGroups(call.op), invoker: invoker) {
            case .success(let state): line.before = state.map { .state($0.json) } ?? .missing
            case .failure(let e): return .failure(e)
            }
        } else if let read = PoolResources.read(for: call) {
            let key = PoolResources.key(call)
            if let known = lock.withLock({ resources[key] }) {
                line.before = known
                // A group read for an earlier update, now deleted: its members as well.
                if read.members, case .state(let group) = known, group["Members"] == nil {
                    switch await BeforeStates.withMembers(group, read: read, invoker: invoker) {
                    case .success(let before):
                        lock.withLock { resources[key] = before }
                        line.before = before
                    case .failure(let e): return .failure(e)
                    }
                }
            } else {
                switch await BeforeStates.resource(read, invoker: invoker) {
                case .success(let before):
                    lock.withLock { resources[key] = before }
                    line.before = before
                case .failure(let e): return .failure(e)
                }
            }
        }
        return lock.withLock { () -> Result<Void, AWSError> in
            guard !ended, let writer else { return .failure(.config("--plan: the plan \(settings.path) is already finished")) }
            line.n = calls + 1
            do throws(AWSError) { try writer.append([line.line]) } catch { return .failure(error) }
            calls += 1
            return .success(())
        }
    }

    /// The user's state before the plan's first call on it, read once; its groups are
    /// read too the first time a call needs them.
    private func userBefore(_ name: String, pool: String, groups: Bool, invoker: CognitoInvoker) async -> Result<UserState?, AWSError> {
        if let known = lock.withLock({ users[name] }) {
            guard groups, var state = known, state.groups == nil else { return .success(known) }
            switch await BeforeStates.groups(of: name, pool: pool, invoker: invoker) {
            case .success(let g): state.groups = g
            case .failure(let e): return .failure(e)
            }
            lock.withLock { users[name] = .some(state) }
            return .success(state)
        }
        let read: Result<UserState?, AWSError>
        if let snapshot {
            read = BeforeStates.user(name, snapshot: snapshot)
        } else {
            read = await BeforeStates.user(name, pool: pool, groups: groups, invoker: invoker)
        }
        if case .success(let state) = read { lock.withLock { users[name] = .some(state) } }
        return read
    }

    /// Runs `work` after the earlier recordings of `key`, so one user's lines keep the
    /// script's order even when tasks make its calls.
    private func inOrder(_ key: String, _ work: @escaping @Sendable () async -> Result<Void, AWSError>) async -> Result<Void, AWSError> {
        let (id, task) = lock.withLock { () -> (Int, Task<Result<Void, AWSError>, Never>) in
            let previous = tails[key]?.task
            let task = Task {
                _ = await previous?.value
                return await work()
            }
            lastTail += 1
            tails[key] = (lastTail, task)
            return (lastTail, task)
        }
        let result = await task.value
        lock.withLock { if tails[key]?.id == id { tails[key] = nil } }
        return result
    }

    /// The header, written before the first call line: the pool, the region and the
    /// account and identity of the credentials (STS GetCallerIdentity).
    private func headerWritten(_ invoker: CognitoInvoker) async -> Result<PlanHeader, AWSError> {
        let task = lock.withLock { () -> Task<Result<PlanHeader, AWSError>, Never> in
            if let header { return header }
            let made = Task { await self.writeHeader(invoker) }
            header = made
            return made
        }
        let result = await task.value
        if case .failure = result { lock.withLock { if header == task { header = nil } } }
        return result
    }

    private func writeHeader(_ invoker: CognitoInvoker) async -> Result<PlanHeader, AWSError> {
        let (client, identity): (AWSJSONClient, CallerIdentity)
        switch await invoker.clientAndCaller() {
        case .success(let found): (client, identity) = found
        case .failure(let e): return .failure(e)
        }
        let region = client.config.region
        let pool = lock.withLock { self.pool }
        if let snapshot, snapshot.meta.poolId != pool || snapshot.meta.region != region {
            return .failure(.config("--snapshot \(snapshot.path) is of the pool \(snapshot.meta.poolId) in \(snapshot.meta.region), "
                + "but the plan's calls are on \(pool ?? "?") in \(region)"))
        }
        let header = PlanHeader(id: id, pool: pool, region: region, account: identity.account, identity: identity.arn,
                                created: PlanClock.now(), script: settings.script, args: settings.args, snapshot: settings.snapshot)
        return lock.withLock { () -> Result<PlanHeader, AWSError> in
            guard !ended, let writer else { return .failure(.config("--plan: the plan \(settings.path) is already finished")) }
            do throws(AWSError) { try writer.append([header.line]) } catch { return .failure(error) }
            written = header
            return .success(header)
        }
    }

    // MARK: When the run ends

    /// Ends the plan: the end line when the run succeeded (`status` 0), so only a plan
    /// whose script ran to its end can be applied. Returns what to tell the reviewer.
    func finish(status: Int32) -> (text: String, ok: Bool) {
        let (writer, count, hasHeader) = lock.withLock { () -> (PlanFileWriter?, Int, Bool) in
            defer { ended = true }
            return ended ? (nil, calls, true) : (self.writer, calls, written != nil)
        }
        guard let writer else { return ("", true) }
        let path = settings.path
        do throws(AWSError) {
            if !hasHeader {
                // No call was recorded: the plan is empty, and names no pool.
                let empty = PlanHeader(id: id, pool: nil, region: nil, account: nil, identity: nil, created: PlanClock.now(),
                                       script: settings.script, args: settings.args, snapshot: settings.snapshot)
                try writer.append([empty.line])
            }
            if status == 0 { try writer.append([PlanEnd(calls: count).line]) }
            writer.close()
            guard status == 0 else {
                return ("plan \(path) is incomplete: the run ended with status \(status) after \(count) calls were recorded; "
                    + "it cannot be applied (plan again once the script runs to its end)", false)
            }
            return (PlanSummary.text(try PlanFileReader.read(path)), true)
        } catch {
            writer.close()
            return ("plan \(path): \(error.message)", false)
        }
    }
}
