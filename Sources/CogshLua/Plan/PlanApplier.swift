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
            if await send(call) { done.append(call) }
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
        let pending = calls.filter { !journal.has($0.n) }
        lock.withLock { counts.before += calls.count - pending.count }
        // The first call left may be a delete or a create an earlier run sent and was
        // killed before it could journal: that run began the user, so no drift check.
        let doubt = pending.first.map { Self.marksAttempts($0.op) && journal.inDoubt($0.n) } ?? false
        if !pending.isEmpty && pending.count == calls.count && !force && !doubt, let pool = plan.header.pool {
            let before = UndoFile.before(of: calls)
            let scope = DriftScope(calls)
            let groups = !scope.groups.isEmpty && before?.groups != nil
            switch await BeforeStates.user(username, pool: pool, groups: groups, invoker: invoker) {
            case .failure(let e):
                fail(e, label: username, call: calls[0], skipping: calls.count)
                return
            case .success(let live):
                let after = UserSimulation.apply(calls, to: before)
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
        for (i, call) in pending.enumerated() {
            if !(await send(call, user: username, inDoubt: i == 0 && doubt)) {
                lock.withLock { counts.failed += pending.count - i - 1 }
                break
            }
        }
        finishUndo(username, calls)
    }

    /// The calls whose attempts are marked in the journal: sent twice, they fail.
    static func marksAttempts(_ op: String) -> Bool { op == PlanOperations.deleteUser || op == PlanOperations.createUser }

    private func finishUndo(_ username: String, _ calls: [PlanCall]) {
        do throws(AWSError) {
            try undo.userFinished(username, calls: calls, done: calls.filter { journal.has($0.n) })
        } catch { note(undo: error) }
    }

    /// Calls whose effect the live user already shows: journaled as sent, not sent again.
    /// False when it cannot be journaled (the user's later calls are then not sent).
    private func alreadyDone(_ call: PlanCall) -> Bool {
        lock.withLock { counts.before += 1 }
        return journaled(call)
    }

    /// Journals a call as done; false (the run's error) when the journal cannot be written.
    private func journaled(_ call: PlanCall) -> Bool {
        guard let e = journal.add(call.n) else { return true }
        fail(e, label: "journal", call: call, skipping: 0)
        return false
    }

    /// Whether `live` holds what a create made of the user: its attributes (sub and the
    /// service's own aside) and its enabled state.
    static func holds(_ live: UserState, _ created: UserState) -> Bool {
        created.attributes.allSatisfy { live.attributes[$0.key] == $0.value } && live.enabled == created.enabled
    }

    /// Sends one call and journals it; false when it failed (counted and listed) or could
    /// not be journaled (the user's later calls are then not sent). A delete or a create
    /// that may have reached the service before — sent by an earlier run (`inDoubt`), or
    /// by this attempt's own earlier request — is done when its error says the effect is
    /// there.
    private func send(_ call: PlanCall, user: String? = nil, inDoubt: Bool = false) async -> Bool {
        guard let prepared = prepared[call.n] else { return false }
        let label = user ?? "pool \(plan.header.pool ?? "")"
        let attempt = user != nil && Self.marksAttempts(call.op) ? journal.attempts(call.n) + 1 : 0
        if attempt > 0, let e = journal.markSending(call.n, attempt: attempt) {
            fail(e, label: "journal", call: call, skipping: 1)
            return false
        }
        switch await invoker.send(prepared) {
        case .failure(let e):
            // An earlier attempt, or an earlier request of this one (a retry after a
            // timeout or a 5xx), may have done what the call asks.
            if inDoubt || e.attempts > 1, let user, await effectShown(call, user: user, error: e) {
                return alreadyDone(call)
            }
            // One request answered with a refusal (4xx) did nothing: a rerun sends it again.
            if attempt > 0, e.kind == .service, e.attempts == 1, (e.status ?? 400) < 500 {
                _ = journal.markRefused(call.n, attempt: attempt)
            }
            fail(e, label: label, call: call, skipping: 1)
            return false
        case .success:
            lock.withLock { counts.sent += 1 }
            return journaled(call)
        }
    }

    /// Whether the error of a delete or create that may have reached the service before
    /// says its effect is there: the user gone, or there as the create makes it.
    private func effectShown(_ call: PlanCall, user: String, error: AWSError) async -> Bool {
        switch (call.op, error.code) {
        case (PlanOperations.deleteUser, "UserNotFoundException"):
            return true
        case (PlanOperations.createUser, "UsernameExistsException"):
            guard let pool = plan.header.pool, let created = UserSimulation.apply(call, to: nil),
                  case .success(let live?) = await BeforeStates.user(user, pool: pool, groups: false, invoker: invoker) else { return false }
            return Self.holds(live, created)
        default:
            return false
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
