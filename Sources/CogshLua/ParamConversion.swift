import Cognito
import LuaHost

/// Where a Lua table becomes the loosely typed parameters the Cognito model
/// validates: the model, not the Lua shape, decides what is a list or a map.
enum ParamConversion {
    static func param(_ value: LuaValue) -> ParamValue {
        switch value {
        case .nil: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .number(let d): return .double(d)
        case .string(let bytes): return .string(bytes)
        case .opaque(let type): return .unsupported(type)
        case .table(let t):
            if t.metatableName == LuaJSON.nullName { return .null }
            let fields = t.fields.map { (key: ParamConversion.key($0.key), value: param($0.value)) }
                .sorted { $0.key < $1.key }
            return .table(ParamTable(sequence: t.sequence.map(param), fields: fields))
        }
    }

    static func key(_ k: LuaValue) -> ParamKey {
        switch k {
        case .string: return k.text.map(ParamKey.string) ?? .other("string (not UTF-8)")
        case .integer(let i): return .int(i)
        default: return .other(k.typeName)
        }
    }
}
