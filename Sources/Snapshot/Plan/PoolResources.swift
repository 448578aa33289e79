import AWSCore
import Cognito

/// Pool-level calls (a UserPoolId and no Username) whose effect an undo can take back:
/// groups, the pool's settings, its MFA configuration. For each, the read that gives its
/// state before (recorded as the call's `before`) and the inverse made from that state.
/// Other pool-level calls (AddCustomAttributes — attributes cannot be removed —,
/// identity providers, clients…) are sent as planned and listed as not undone.
public enum PoolResources {
    /// The read that records a pool-level call's `before`: operation, input, and the
    /// member of the answer that holds the state (nil: the whole answer).
    public struct Read: Sendable {
        public var op: String
        public var input: JSONValue
        public var member: String?
        /// The error code that means "it does not exist" (its `before` is null).
        public var notFound: String?
        /// A group about to be deleted: its members too (ListUsersInGroup), as
        /// `Members`, so the undo puts them back into the group it recreates.
        public var members = false
    }

    static let groupOperations: Set<String> = ["CreateGroup", "UpdateGroup", "DeleteGroup"]
    static let settings: [String: (read: String, member: String?)] = [
        "UpdateUserPool": ("DescribeUserPool", "UserPool"),
        "SetUserPoolMfaConfig": ("GetUserPoolMfaConfig", nil),
    ]

    public static func inverseExists(_ op: String) -> Bool { groupOperations.contains(op) || settings[op] != nil }

    /// What a pool-level call changes: a group by name, or one of the pool's settings.
    /// Calls on the same key are recorded and applied in order; other calls have keys of their own.
    public static func key(_ call: PlanCall) -> String {
        if groupOperations.contains(call.op), let g = call.input["GroupName"]?.stringValue { return "group:" + g }
        if settings[call.op] != nil { return "settings:" + call.op }
        return "call:\(call.n)"
    }

    public static func read(for call: PlanCall) -> Read? {
        guard let pool = call.pool else { return nil }
        if groupOperations.contains(call.op), let g = call.input["GroupName"]?.stringValue {
            return Read(op: "GetGroup", input: .object(["UserPoolId": .string(pool), "GroupName": .string(g)]),
                        member: "Group", notFound: "ResourceNotFoundException", members: call.op == "DeleteGroup")
        }
        if let s = settings[call.op] {
            return Read(op: s.read, input: .object(["UserPoolId": .string(pool)]), member: s.member, notFound: nil)
        }
        return nil
    }

    /// The state a read's answer gives (its member, without ResponseMetadata).
    public static func state(from answer: JSONValue, read: Read) -> JSONValue {
        guard let member = read.member else { return answer }
        return answer[member] ?? .null
    }

    /// The calls that take back `done` (calls on one key, in plan order) from `before`.
    public static func inverse(of done: [PlanCall], before: PlanCall.Before, pool: String) -> [UndoCall] {
        guard let first = done.first else { return [] }
        if groupOperations.contains(first.op), let group = first.input["GroupName"]?.stringValue {
            return groupInverse(done, group: group, before: before.json.flatMap { $0 == .null ? nil : $0 }, pool: pool)
        }
        guard settings[first.op] != nil, case .state(let state) = before else { return [] }
        var after = state
        for call in done { after = merged(after, call.input) }
        let input = members(of: state, for: first.op, pool: pool)
        return [UndoCall(op: first.op, input: input, before: .state(after))]
    }

    static func groupInverse(_ done: [PlanCall], group: String, before: JSONValue?, pool: String) -> [UndoCall] {
        var after = before
        for call in done {
            switch call.op {
            case "CreateGroup": after = after ?? withoutPool(call.input)
            case "UpdateGroup": after = after.map { merged($0, withoutPool(call.input)) }
            default: after = nil
            }
        }
        let afterState: PlanCall.Before = after.map { .state($0) } ?? .missing
        switch (before, after) {
        case (nil, .some):
            return [UndoCall(op: "DeleteGroup", input: .object(["UserPoolId": .string(pool), "GroupName": .string(group)]), before: afterState)]
        case (.some(let b), nil):
            var calls = [UndoCall(op: "CreateGroup", input: members(of: b, for: "CreateGroup", pool: pool), before: afterState)]
            // Its members back in it. What the undo knows of each is that it is not in
            // the group: that is its `before` (a user call always carries one).
            if case .array(let names)? = b["Members"] {
                for name in names.compactMap(\.stringValue) {
                    calls.append(UndoCall(op: "AdminAddUserToGroup",
                                          input: .object(["UserPoolId": .string(pool), "Username": .string(name), "GroupName": .string(group)]),
                                          before: .state(.object(["Username": .string(name), "Groups": .array([])]))))
                }
            }
            return calls
        case (.some(let b), .some(let a)) where a != b:
            return [UndoCall(op: "UpdateGroup", input: members(of: b, for: "UpdateGroup", pool: pool), before: afterState)]
        default:
            return []
        }
    }

    /// `state` kept to the members the operation's input takes, on the pool.
    static func members(of state: JSONValue, for op: String, pool: String) -> JSONValue {
        guard case .object(let o) = state else { return .object(["UserPoolId": .string(pool)]) }
        let names = CognitoService.operation(named: op)?.inputShape.flatMap { CognitoService.shape(named: $0) }?.members.map(\.name) ?? []
        var out: [String: JSONValue] = [:]
        for name in names { if let v = o[name], v != .null { out[name] = v } }
        out["UserPoolId"] = .string(pool)
        return .object(out)
    }

    static func merged(_ base: JSONValue, _ changes: JSONValue) -> JSONValue {
        guard case .object(var b) = base, case .object(let c) = changes else { return base }
        for (k, v) in c where k != "UserPoolId" { b[k] = v }
        return .object(b)
    }

    static func withoutPool(_ input: JSONValue) -> JSONValue {
        guard case .object(var o) = input else { return input }
        o["UserPoolId"] = nil
        return .object(o)
    }
}

/// One call of an undo plan, before it is numbered.
public struct UndoCall: Sendable, Equatable {
    public var op: String
    public var input: JSONValue
    /// The state before the undo's call: what the plan made of the user or resource.
    public var before: PlanCall.Before

    public init(op: String, input: JSONValue, before: PlanCall.Before) {
        self.op = op
        self.input = input
        self.before = before
    }
}
