/// A JSON document as awsJson1.1 bodies and the Lua `json` module see it.
/// Integers and floats stay apart so a Lua integer round-trips as an integer.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Key order carries no meaning in JSON; the encoder sorts keys so output is reproducible.
    case object([String: JSONValue])
}

extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
