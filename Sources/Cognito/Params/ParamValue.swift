/// A loosely typed parameter value, as a script gives it. The scripting layer converts
/// its values into this shape; the validator turns it into the awsJson body by the model.
public enum ParamValue: Sendable {
    case null                 // an explicit null (a missing value never appears: absent keys are absent)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string([UInt8])      // raw bytes; the validator checks UTF-8 and reports invalid UTF-8 with the field path
    case table(ParamTable)
    case unsupported(String)  // a value no JSON can hold (a function…): its type name
}

/// A table split into its array part (items at 1...n) and everything else.
public struct ParamTable: Sendable {
    public var sequence: [ParamValue]                       // values at keys 1...n (n maximal contiguous)
    public var fields: [(key: ParamKey, value: ParamValue)] // every other key

    public init(sequence: [ParamValue], fields: [(key: ParamKey, value: ParamValue)]) {
        self.sequence = sequence
        self.fields = fields
    }
}

public enum ParamKey: Sendable, Hashable, Comparable {
    // Declaration order is the sort order (integers, then other keys, then strings),
    // so a table's fields, and so its first invalid field, come out the same on
    // every run whatever the script's hash order was.
    case int(Int64)
    case other(String)
    case string(String)
}

extension ParamValue {
    /// Convenience for Swift callers and tests: a string from Swift text.
    public static func text(_ s: String) -> ParamValue { .string(Array(s.utf8)) }

    /// Convenience: a table with only string keys.
    public static func object(_ fields: KeyValuePairs<String, ParamValue>) -> ParamValue {
        .table(ParamTable(sequence: [], fields: fields.map { (key: ParamKey.string($0.key), value: $0.value) }))
    }

    /// Convenience: a table with only a sequence part.
    public static func list(_ items: [ParamValue]) -> ParamValue {
        .table(ParamTable(sequence: items, fields: []))
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// How error messages name the value's type, in the script's words.
    func typeName(_ notation: ValueNotation) -> String {
        switch self {
        case .null: return notation.null
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "float"
        case .string: return "string"
        case .table: return "table"
        case .unsupported(let name): return name
        }
    }
}

extension ParamKey {
    /// The key as a script would write it inside brackets or after a dot.
    var display: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .other(let d): return d
        }
    }
}
