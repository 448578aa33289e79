import AWSCore
import Synchronization

/// `PLAN.undo`, the plan of the inverse calls, written as an apply goes: a block per
/// user (and per pool-level resource) once its calls were sent, each block and the end
/// line written in one piece, so the file is a complete plan at any instant. It is made
/// from the plan and the apply's journal alone, so it is made whole again when an apply
/// starts (going on after a crash) and when it ends: a user finished in two runs has
/// one block covering both.
public final class UndoFile: Sendable {
    public let path: String
    let plan: Plan
    let header: PlanHeader
    let usernameAttributes: [String]
    /// The groups the plan deletes (made once: a user's block is made with them).
    let plannedDeletions: Set<String>
    private let state: Mutex<State>

    private struct State {
        var writer: PlanFileWriter?
        /// Users and pool-level resources with a block in the file.
        var written: Set<String> = []
        var calls = 0
    }

    /// The id an undo plan gets: its plan's, so an apply that goes on finds its own undo.
    public static func id(of plan: Plan) -> String { plan.header.id + "-undo" }

    /// Checks that a file already at `path` is this plan's undo (an older plan's undo at
    /// the same path is never overwritten), then writes the undo of what `isDone` says
    /// was sent.
    public init(path: String, plan: Plan, identity: String?, usernameAttributes: [String], isDone: (Int) -> Bool) throws(AWSError) {
        self.path = path
        self.plan = plan
        self.usernameAttributes = usernameAttributes
        header = PlanHeader(id: Self.id(of: plan), pool: plan.header.pool, region: plan.header.region, account: plan.header.account,
                            identity: identity, created: PlanClock.now(), script: nil, args: [], undoOf: plan.path)
        state = Mutex(State())
        plannedDeletions = Self.deletedGroups(of: plan) { _ in true }
        if let existing = try? PlanFileReader.readHeader(path), existing.id != header.id {
            throw AWSError.config("\(path) is the undo of another plan (made \(existing.created)); move it away before applying \(plan.path)")
        }
        try rewrite(isDone: isDone)
    }

    /// Makes the whole file again from the plan and the calls sent.
    public func rewrite(isDone: (Int) -> Bool) throws(AWSError) {
        var blocks: [(key: String, calls: [UndoCall])] = []
        var poolKeys: [String] = []
        var poolCalls: [String: [PlanCall]] = [:]
        for c in plan.poolCalls where isDone(c.n) {
            let key = PoolResources.key(c)
            if poolCalls[key] == nil { poolKeys.append(key) }
            poolCalls[key, default: []].append(c)
        }
        for key in poolKeys { blocks.append((key, poolBlock(poolCalls[key]!))) }
        let deleted = Self.deletedGroups(of: plan) { isDone($0.n) }
        for (username, calls) in plan.userCalls {
            let done = calls.filter { isDone($0.n) }
            if !done.isEmpty { blocks.append(("user:" + username, userBlock(username, calls: calls, done: done, deletedGroups: deleted))) }
        }
        var lines = [header.line]
        var n = 0
        for block in blocks { lines += Self.numbered(block.calls, from: &n) }
        lines.append(PlanEnd(calls: n).line)
        try state.withLock { (s: inout State) throws(AWSError) in
            s.writer?.close()
            try PlanFileWriter.replace(path, lines: lines)
            s.writer = try PlanFileWriter(continuing: path, lines: lines.count - 1)
            s.written = Set(blocks.map(\.key))
            s.calls = n
        }
    }

    /// A user whose calls this run finished: its block, unless the file has one.
    public func userFinished(_ username: String, calls: [PlanCall], done: [PlanCall]) throws(AWSError) {
        guard !done.isEmpty else { return }
        // The plan's group deletions run after the users: taken as done here; the file
        // is made again from the journal when the apply ends.
        try add("user:" + username) { userBlock(username, calls: calls, done: done, deletedGroups: plannedDeletions) }
    }

    /// The groups the plan deletes, of its calls that `included` takes.
    static func deletedGroups(of plan: Plan, _ included: (PlanCall) -> Bool) -> Set<String> {
        Set(plan.poolCalls.filter { $0.op == "DeleteGroup" && included($0) }.compactMap { $0.input["GroupName"]?.stringValue })
    }

    /// Pool-level calls this run sent: a block per resource, unless the file has one.
    public func poolFinished(_ done: [PlanCall]) throws(AWSError) {
        var order: [String] = []
        var byKey: [String: [PlanCall]] = [:]
        for c in done {
            let key = PoolResources.key(c)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(c)
        }
        for key in order { try add(key) { poolBlock(byKey[key]!) } }
    }

    public func close() { state.withLock { $0.writer?.close() } }

    private func add(_ key: String, _ block: () -> [UndoCall]) throws(AWSError) {
        try state.withLock { (s: inout State) throws(AWSError) in
            guard !s.written.contains(key), let writer = s.writer else { return }
            var n = s.calls
            let lines = Self.numbered(block(), from: &n)
            try writer.append(lines, thenEnd: PlanEnd(calls: n).line)
            s.written.insert(key)
            s.calls = n
        }
    }

    func userBlock(_ username: String, calls: [PlanCall], done: [PlanCall], deletedGroups: Set<String>) -> [UndoCall] {
        let inverse = UndoPlanner.inverse(of: done, before: Self.before(of: calls), pool: plan.header.pool ?? "", username: username,
                                          usernameAttributes: usernameAttributes, deletedGroups: deletedGroups)
        return inverse.filter { PlanParams.problem(op: $0.op, input: $0.input) == nil }
    }

    func poolBlock(_ done: [PlanCall]) -> [UndoCall] {
        let before = done.first?.before ?? .notRecorded
        return PoolResources.inverse(of: done, before: before, pool: plan.header.pool ?? "")
            .filter { PlanParams.problem(op: $0.op, input: $0.input) == nil }
    }

    /// A user's state before the plan: its first call's `before` (a whole one, with its
    /// attributes, rather than what an undo knows of a member it puts back in a group),
    /// with the groups a later line recorded if that one did not.
    public static func before(of calls: [PlanCall]) -> UserState? {
        var whole: UserState?, partial: UserState?
        for c in calls {
            switch c.before {
            case .state(let json):
                guard let u = UserState(json: json) else { continue }
                if json["UserAttributes"] != nil {
                    whole = whole.map { $0.merging(groupsOf: u) } ?? u
                } else if partial == nil {
                    partial = u
                }
            case .missing:
                if whole == nil && partial == nil { return nil }
            case .notRecorded: continue
            }
        }
        return whole ?? partial
    }

    static func numbered(_ calls: [UndoCall], from n: inout Int) -> [String] {
        calls.map { c in
            n += 1
            return PlanCall(n: n, op: c.op, input: c.input, before: c.before).line
        }
    }
}

/// The plan files' clock (ISO 8601 UTC).
public enum PlanClock {
    public static func now() -> String { UTCTime.now() }
}
