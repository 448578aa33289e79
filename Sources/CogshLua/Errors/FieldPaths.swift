import Cognito
import LuaHost

/// Paths to a place inside a Lua value, in the notation of parameter errors
/// (Cognito's FieldPath): `a.b`, `list[3]`, `map["key with spaces"]`.
enum FieldPaths {
    static func path(of keys: [LuaValue]) -> String {
        keys.reduce("") { append($1, to: $0) }
    }

    static func append(_ key: LuaValue, to path: String) -> String {
        switch key {
        case .string: return key.text.map { FieldPath.member(path, $0) } ?? FieldPath.bracket(path, "?")
        case .integer(let i): return FieldPath.bracket(path, String(i))
        case .number(let d): return FieldPath.bracket(path, LuaNumberFormat.float(d))
        case .boolean(let b): return FieldPath.bracket(path, String(b))
        default: return FieldPath.bracket(path, key.typeName)
        }
    }
}
