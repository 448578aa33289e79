import AWSCore
import Cognito
import Foundation
import LuaHost
import Snapshot

/// `cogsh --apply PLAN`, off the Lua thread (the Lua half, plan_apply.lua, waits for it
/// as snapshot.take's does, with the progress line and a graceful first Ctrl-C).
/// Pool-level calls first in plan order, deletions of pool resources last; between
/// them the users, `workers` at a time, each user's calls in order. Before a user's
/// first call its live state is compared with the plan's `before` (DriftCheck); every
/// call sent is journaled, and each finished user's inverse goes into PLAN.undo.
final class PlanApplier: @unchecked Sendable {
    static let workers = 16

    let plan: Plan
    let prepared: [Int: PreparedCall]
    let force: Bool
    let invoker: CognitoInvoker
    let journal: PlanJournal
    let undo: UndoFile
    private let lock = NSLock()
    private var nextUser = 0
    private(set) var counts = ApplyCounts()
    private(set) var drifts: [(user: String, fields: [String])] = []
    private(set) var failures: [ApplyFailure] = []
    private(set) var undoProblem: String?
    private var fatal: AWSError?

    init(plan: Plan, prepared: [Int: PreparedCall], force: Bool, invoker: CognitoInvoker, journal: PlanJournal, undo: UndoFile) {
        self.plan = plan
        self.prepared = prepared
        self.force = force
        self.invoker = invoker
        self.journal = journal
        self.undo = undo
    }

    /// A first Ctrl-C (or SIGTERM), or an error of the whole run: no new user starts.
    var stopping: Bool { LuaStopReason.current != nil || lock.withLock { fatal != nil } }

    func run() async -> Result<Void, AWSError> {
        let pool = plan.poolCalls
        await runPoolCalls(pool.filter { !$0.op.hasPrefix("Delete") })
        await runUsers()
        await runPoolCalls(pool.filter { $0.op.hasPrefix("Delete") })
        do throws(AWSError) { try undo.rewrite(isDone: journal.has) } catch { note(undo: error) }
        undo.close()
        journal.close()
        if let fatal = lock.withLock({ fatal }) { return .failure(fatal) }
        return .success(())
    }

    private func runPoolCalls(_ calls: [PlanCall]) async {
        var done: [PlanCall] = []
        for call in calls {
            if journal.has(call.n) {
                lock.withLock { counts.before += 1 }
                continue
            }
            if stopping { break }
            if await send(call, label: "pool \(plan.header.pool ?? "")") { done.append(call) }
        }
        do throws(AWSError) { try undo.poolFinished(done) } catch { note(undo: error) }
    }

    private func runUsers() async {
        let users = plan.userCalls
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(Self.workers, users.count) {
                group.addTask {
                    while !self.stopping, let i = self.takeUser(below: users.count) {
                        await self.apply(users[i].username, users[i].calls)
                    }
                }
            }
        }
    }

    private func takeUser(below count: Int) -> Int? {
        lock.withLock {
            guard nextUser < count else { return nil }
            nextUser += 1
            return nextUser - 1
        }
    }

    /// One user: the drift check (unless a run before began this user, or --force),
    /// then its calls in order, stopping at the first that fails.
    private func apply(_ username: String, _ calls: [PlanCall]) async {
        var pending = calls.filter { !journal.has($0.n) }
        lock.withLock { counts.before += calls.count - pending.count }
        let marked = calls.contains { $0.op == PlanOperations.deleteUser || $0.op == PlanOperations.createUser }
        let begun = marked && journal.begun(calls[0].n)
        if !pending.isEmpty && pending.count == calls.count && !force, let pool = plan.header.pool {
            let before = UndoFile.before(of: calls)
            let scope = DriftScope(calls)
            let groups = !scope.groups.isEmpty && before?.groups != nil
            switch await BeforeStates.user(username, pool: pool, groups: groups, invoker: invoker) {
            case .failure(let e):
                fail(e, label: username, call: calls[0], skipping: calls.count)
                return
            case .success(let live):
                let after = UserSimulation.apply(calls, to: before)
                let reached = begun ? Self.reached(pending, before: before, after: after, live: live) : 0
                if reached > 0 {
                    alreadyDone(Array(pending.prefix(reached)))
                    pending.removeFirst(reached)
                } else {
                    let drifted = DriftCheck.drifted(before: before, after: after, live: live, scope: scope)
                    if !drifted.isEmpty {
                        lock.withLock {
                            drifts.append((username, drifted))
                            counts.drifted += calls.count
                        }
                        return
                    }
                }
            }
        }
        if marked, !begun, !pending.isEmpty, let e = journal.begin(calls[0].n) {
            fail(e, label: "journal", call: calls[0], skipping: pending.count)
            return
        }
        for (i, call) in pending.enumerated() {
            // A user an earlier run began whose next call is a delete: the delete may have
            // reached the service before the kill, and its UserNotFound says so.
            let done: (AWSError) -> Bool = {
                i == 0 && begun && call.op == PlanOperations.deleteUser && $0.code == "UserNotFoundException"
            }
            if !(await send(call, label: username, doneIf: done)) {
                lock.withLock { counts.failed += pending.count - i - 1 }
                break
            }
        }
        finishUndo(username, calls)
    }

    /// How many of a begun user's first calls the live user shows done: a run killed
    /// after the service did what a delete or a create asked and before the journal said
    /// so. Sending them again would only fail (UserNotFound, UsernameExists).
    static func reached(_ pending: [PlanCall], before: UserState?, after: UserState?, live: UserState?) -> Int {
        guard let first = pending.first else { return 0 }
        if live == nil, after == nil { return pending.count }   // every call up to the delete that ends the plan
        if live == nil, first.op == PlanOperations.deleteUser { return 1 }   // deleted, not yet made again
        if before == nil, let live, first.op == PlanOperations.createUser,
           let created = UserSimulation.apply(first, to: nil), holds(live, created) {
            return 1
        }
        return 0
    }

    private func finishUndo(_ username: String, _ calls: [PlanCall]) {
        do throws(AWSError) {
            try undo.userFinished(username, calls: calls, done: calls.filter { journal.has($0.n) })
        } catch { note(undo: error) }
    }

    /// Calls whose effect the live user already shows: journaled as sent, not sent again.
    private func alreadyDone(_ calls: [PlanCall]) {
        for call in calls {
            if let e = journal.add(call.n) { fail(e, label: "journal", call: call, skipping: 0) }
        }
        lock.withLock { counts.before += calls.count }
    }

    /// Whether `live` holds what a create made of the user: its attributes (sub and the
    /// service's own aside) and its enabled state.
    static func holds(_ live: UserState, _ created: UserState) -> Bool {
        created.attributes.allSatisfy { live.attributes[$0.key] == $0.value } && live.enabled == created.enabled
    }

    /// Sends one call and journals it; false when it failed (counted and listed), unless
    /// `doneIf` says the error means the call's effect is already there.
    private func send(_ call: PlanCall, label: String, doneIf: (AWSError) -> Bool = { _ in false }) async -> Bool {
        guard let prepared = prepared[call.n] else { return false }
        switch await invoker.send(prepared) {
        case .failure(let e) where doneIf(e):
            alreadyDone([call])
            return true
        case .failure(let e):
            fail(e, label: label, call: call, skipping: 1)
            return false
        case .success:
            if let e = journal.add(call.n) { fail(e, label: label, call: call, skipping: 0) }
            lock.withLock { counts.sent += 1 }
            return true
        }
    }

    /// A service's refusal fails the call (listed; the rest go on). Any other error —
    /// credentials, network, timeout — is the whole run's: no new user starts.
    private func fail(_ error: AWSError, label: String, call: PlanCall, skipping: Int) {
        lock.withLock {
            counts.failed += skipping
            if error.kind == .service {
                failures.append(ApplyFailure(label: label, n: call.n, op: call.op, message: error.description))
            } else if fatal == nil {
                fatal = error
            }
        }
    }

    private func note(undo error: AWSError) {
        lock.withLock { if undoProblem == nil { undoProblem = error.message } }
    }

    var snapshot: (counts: ApplyCounts, drifts: [(user: String, fields: [String])], failures: [ApplyFailure], undoProblem: String?) {
        lock.withLock { (counts, drifts, failures, undoProblem) }
    }
}

struct ApplyCounts: Sendable {
    var sent = 0
    /// Sent by an earlier run (in the journal).
    var before = 0
    /// Not sent: their user drifted.
    var drifted = 0
    /// Not sent: failed, or after a failed call of the same user.
    var failed = 0
}

struct ApplyFailure: Sendable {
    var label: String
    var n: Int
    var op: String
    var message: String
}
