import CLua

/// The type of a value on a Lua stack, as `lua_type` reports it; `none` is an index
/// past the top (an argument that was not passed).
public enum LuaType: Int32, Sendable {
    case none = -1
    case `nil` = 0
    case boolean = 1
    case lightUserdata = 2
    case number = 3
    case string = 4
    case table = 5
    case function = 6
    case userdata = 7
    case thread = 8

    /// Lua's own name for the type ("no value" for none), as error messages write it.
    public var name: String {
        self == .none ? "no value" : String(cString: lua_typename(nil, rawValue))
    }

    /// Absent or nil: an optional argument that was left out.
    public var isNoneOrNil: Bool { rawValue <= 0 }
}

/// What loading or running a chunk returned (`LUA_OK`, `LUA_ERRSYNTAX`, …).
public enum LuaStatus: Int32, Sendable {
    case ok = 0
    case yield = 1
    case runtimeError = 2
    case syntaxError = 3
    case memoryError = 4
    case handlerError = 5
    case fileError = 6

    init(_ raw: Int32) { self = LuaStatus(rawValue: raw) ?? .runtimeError }
}
