import AWSCore

extension ParamValue {
    /// Parameters from JSON (a plan file's input, the calls a snapshot makes): what
    /// the validator takes, object keys in order so errors name the same field each run.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .text(s)
        case .array(let items): self = .list(items.map(ParamValue.init(json:)))
        case .object(let o):
            self = .table(ParamTable(sequence: [], fields: o.keys.sorted().map { (key: ParamKey.string($0), value: ParamValue(json: o[$0]!)) }))
        }
    }
}

extension CognitoInvoker {
    /// The resolved client and who its credentials belong to (STS GetCallerIdentity):
    /// what a plan records in its header and what an apply checks it against.
    public func clientAndCaller() async -> Result<(AWSJSONClient, CallerIdentity), AWSError> {
        switch await client() {
        case .failure(let e): return .failure(e)
        case .success(let c):
            return await c.callerIdentity().map { (c, $0) }
        }
    }
}
