/// A Lua value copied out of (or into) a Lua state. Integers and floats stay apart,
/// strings are bytes (NUL and invalid UTF-8 included), tables are split into their
/// sequence part and their other keys.
public enum LuaValue: Hashable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string([UInt8])
    case table(LuaTable)
    /// A function, userdata or thread: only its type name crosses into Swift.
    case opaque(String)

    public static func string(_ s: String) -> LuaValue { .string(Array(s.utf8)) }

    /// The string as Swift text, when it is valid UTF-8.
    public var text: String? {
        guard case .string(let bytes) = self else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Strings hash as one block of bytes: the synthesized hash would feed the
    /// hasher byte by byte, and every table key lookup pays for it.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .nil: hasher.combine(0 as UInt8)
        case .boolean(let b): hasher.combine(1 as UInt8); hasher.combine(b)
        case .integer(let i): hasher.combine(2 as UInt8); hasher.combine(i)
        case .number(let d): hasher.combine(3 as UInt8); hasher.combine(d)
        case .string(let bytes):
            hasher.combine(4 as UInt8)
            hasher.combine(bytes.count)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        case .table(let t): hasher.combine(5 as UInt8); hasher.combine(t)
        case .opaque(let name): hasher.combine(6 as UInt8); hasher.combine(name)
        }
    }

    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .opaque(let name): return name
        }
    }
}

public struct LuaTable: Hashable, Sendable {
    /// Values at keys 1...n, n the largest contiguous index.
    public var sequence: [LuaValue]
    /// Every other key.
    public var fields: [LuaValue: LuaValue]
    /// The `__name` of the table's metatable, if any (e.g. "json.array").
    public var metatableName: String?

    public init(sequence: [LuaValue] = [], fields: [LuaValue: LuaValue] = [:], metatableName: String? = nil) {
        self.sequence = sequence
        self.fields = fields
        self.metatableName = metatableName
    }

    public var isEmpty: Bool { sequence.isEmpty && fields.isEmpty }

    public subscript(key: String) -> LuaValue? {
        fields[.string(key)]
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}
