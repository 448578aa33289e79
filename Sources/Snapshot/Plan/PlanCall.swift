import AWSCore

/// One call line of a plan: `{"n": …, "op": …, "input": {…}, "before": {…}}`. `input`
/// is the validated request body, exactly what `--apply` sends.
public struct PlanCall: Sendable, Equatable {
    /// A call line's `before`: absent (a pool-level call with nothing to read), `null`
    /// (the user or resource did not exist), or its state as the read answered.
    public enum Before: Sendable, Equatable {
        case notRecorded
        case missing
        case state(JSONValue)

        public var json: JSONValue? {
            switch self {
            case .notRecorded: return nil
            case .missing: return .null
            case .state(let v): return v
            }
        }
    }

    public var n: Int
    public var op: String
    public var input: JSONValue
    public var before: Before
    /// Where the line is in its file (1-based; 0 for a call not read from a file).
    public var lineNumber: Int

    public init(n: Int, op: String, input: JSONValue, before: Before, lineNumber: Int = 0) {
        self.n = n
        self.op = op
        self.input = input
        self.before = before
        self.lineNumber = lineNumber
    }

    public var pool: String? { input["UserPoolId"]?.stringValue }

    /// The user a call targets: its input has a UserPoolId and a Username.
    public var username: String? { pool == nil ? nil : input["Username"]?.stringValue }

    /// The call line (without its newline).
    public var line: String {
        var fields: [(String, JSONValue)] = [("n", .int(Int64(n))), ("op", .string(op)), ("input", input)]
        if let b = before.json { fields.append(("before", b)) }
        return PlanJSON.object(fields)
    }

    init(json: JSONValue, lineNumber: Int) throws(PlanFormatError) {
        guard case .object(let o) = json else { throw PlanFormatError("is not a JSON object") }
        guard case .int(let n)? = o["n"], n > 0 else { throw PlanFormatError("has no call number \"n\" (a positive integer)") }
        guard let op = o["op"]?.stringValue else { throw PlanFormatError("has no operation name \"op\"") }
        guard case .object? = o["input"] else { throw PlanFormatError("has no \"input\" object") }
        let before: Before
        switch o["before"] {
        case nil: before = .notRecorded
        case .null?: before = .missing
        case .object?: before = .state(o["before"]!)
        case let v?: throw PlanFormatError("\"before\" must be an object or null, not \(PlanJSON.show(v))")
        }
        let unknown = o.keys.filter { !["n", "op", "input", "before"].contains($0) }.sorted()
        if let key = unknown.first { throw PlanFormatError("has an unknown key \"\(key)\"") }
        self.init(n: Int(n), op: op, input: o["input"]!, before: before, lineNumber: lineNumber)
    }
}

/// The last line of a plan: written when the run that made it ended well (or, in an undo
/// plan, after every block), so a file cut short — by a crash, a failed script or an
/// edit — is refused rather than half applied.
public struct PlanEnd: Sendable, Equatable {
    public var calls: Int
    public init(calls: Int) { self.calls = calls }
    public var line: String { PlanJSON.object([("cogsh_plan_end", .bool(true)), ("calls", .int(Int64(calls)))]) }

    static func isEnd(_ json: JSONValue) -> Bool { json["cogsh_plan_end"] != nil }

    init(json: JSONValue) throws(PlanFormatError) {
        guard json["cogsh_plan_end"] == .bool(true), case .int(let calls)? = json["calls"], calls >= 0 else {
            throw PlanFormatError("is not a plan's end line ({\"cogsh_plan_end\": true, \"calls\": N})")
        }
        self.init(calls: Int(calls))
    }
}

/// A whole plan as read from its file.
public struct Plan: Sendable {
    public var path: String
    public var header: PlanHeader
    public var calls: [PlanCall]

    public init(path: String, header: PlanHeader, calls: [PlanCall]) {
        self.path = path
        self.header = header
        self.calls = calls
    }

    /// The calls on users, by Username, each user's in plan order; users in the order
    /// of their first call.
    public var userCalls: [(username: String, calls: [PlanCall])] {
        var order: [String] = []
        var byUser: [String: [PlanCall]] = [:]
        for c in calls {
            guard let u = c.username else { continue }
            if byUser[u] == nil { order.append(u) }
            byUser[u, default: []].append(c)
        }
        return order.map { ($0, byUser[$0]!) }
    }

    /// Pool-level calls (a UserPoolId and no Username), in plan order.
    public var poolCalls: [PlanCall] { calls.filter { $0.username == nil } }
}
