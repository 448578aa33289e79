import AWSCore

/// The first line of a plan file (DESIGN.md, "Plan, apply, undo"): where the plan was
/// made, so `--apply` can refuse to run it anywhere else. Written with its keys in this
/// order (not sorted), so the line reads like a sentence in a pull request.
public struct PlanHeader: Sendable, Equatable {
    public static let version = 1

    /// Random, made at planning time: a journal or undo file is bound to the plan it
    /// belongs to by it, so an apply never resumes from another plan's journal.
    public var id: String
    /// The user pool every call is on; nil for a plan with no calls.
    public var pool: String?
    public var region: String?
    public var account: String?
    /// The caller ARN (STS GetCallerIdentity) of the credentials that made the plan.
    public var identity: String?
    /// ISO 8601 UTC.
    public var created: String
    /// The script as given on the command line (a path, `-m NAME`, or `(command line)`).
    public var script: String?
    public var args: [String]
    /// `--snapshot FILE`: the users' states before came from this snapshot.
    public var snapshot: String?
    /// An undo plan: the plan whose apply wrote it.
    public var undoOf: String?

    public init(id: String, pool: String?, region: String?, account: String?, identity: String?, created: String,
                script: String?, args: [String], snapshot: String? = nil, undoOf: String? = nil) {
        self.id = id
        self.pool = pool
        self.region = region
        self.account = account
        self.identity = identity
        self.created = created
        self.script = script
        self.args = args
        self.snapshot = snapshot
        self.undoOf = undoOf
    }

    /// The header line (without its newline).
    public var line: String {
        var fields: [(String, JSONValue)] = [
            ("cogsh_plan", .int(Int64(Self.version))), ("id", .string(id)), ("pool", Self.text(pool)),
            ("region", Self.text(region)), ("account", Self.text(account)), ("identity", Self.text(identity)),
            ("created", .string(created)), ("script", Self.text(script)), ("args", .array(args.map { .string($0) })),
        ]
        if let snapshot { fields.append(("snapshot", .string(snapshot))) }
        if let undoOf { fields.append(("undo_of", .string(undoOf))) }
        return PlanJSON.object(fields)
    }

    static func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// Reads a header line's object; `problem` says what is wrong with it.
    init(json: JSONValue) throws(PlanFormatError) {
        guard case .object(let o) = json, o["cogsh_plan"] != nil else {
            throw PlanFormatError("is not a cogsh plan header (a JSON object with \"cogsh_plan\": 1)")
        }
        guard o["cogsh_plan"] == .int(Int64(Self.version)) else {
            throw PlanFormatError("is a plan of format \(PlanJSON.show(o["cogsh_plan"]!)); this cogsh reads format \(Self.version)")
        }
        func optional(_ key: String) throws(PlanFormatError) -> String? {
            switch o[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let v?: throw PlanFormatError("\"\(key)\" must be a string, not \(PlanJSON.show(v))")
            }
        }
        guard let id = try optional("id"), !id.isEmpty else { throw PlanFormatError("has no \"id\"") }
        guard let created = try optional("created") else { throw PlanFormatError("has no \"created\" time") }
        var args: [String] = []
        if case .array(let list)? = o["args"] { args = list.compactMap(\.stringValue) }
        self.init(id: id, pool: try optional("pool"), region: try optional("region"), account: try optional("account"),
                  identity: try optional("identity"), created: created, script: try optional("script"), args: args,
                  snapshot: try optional("snapshot"), undoOf: try optional("undo_of"))
        if pool != nil && (region == nil || account == nil) {
            throw PlanFormatError("names a pool but not its region and account")
        }
    }
}

/// What is wrong with one line of a plan file (the reader adds the file and line number).
public struct PlanFormatError: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// JSON text for plan lines: objects with their keys in a chosen order (JSONCodec sorts
/// keys, which suits values but would put `before` ahead of `op` on a call line).
enum PlanJSON {
    static func object(_ fields: [(String, JSONValue)]) -> String {
        "{" + fields.map { encode(.string($0.0)) + ":" + encode($0.1) }.joined(separator: ",") + "}"
    }

    static func encode(_ value: JSONValue) -> String {
        // Values come from decoded JSON or from the validator: never NaN or infinite.
        (try? JSONCodec.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// A value for a message: short.
    static func show(_ value: JSONValue) -> String {
        let text = encode(value)
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
