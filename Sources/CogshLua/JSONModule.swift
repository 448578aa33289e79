import AWSCore
import CLua
import LuaHost

/// `json.encode(v[, {pretty=true}])`, `json.decode(s)`, `json.null`, `json.array(t)`.
enum JSONModule {
    static func install(in state: LuaState) {
        LuaJSON.install(in: state)
        state.pushModule("json", functions: [
            ("encode", encode),
            ("decode", decode),
            ("array", array),
        ])
        state.stack.pushRegistryValue(LuaJSON.nullKey)
        state.stack.setField("null", in: -2)
        state.stack.pop()
    }

    static func encode(_ s: LuaStack) throws -> Int32 {
        let args: [LuaValue]
        do {
            args = try s.arguments()
        } catch {
            throw LuaErrorObject(code: "ValidationError", message: "json.encode: \(error.message)", fields: [("field", .string(error.path))])
        }
        guard let value = args.first else {
            throw LuaErrorObject(code: "ValidationError", message: "json.encode: a value to encode is required", fields: [("field", "")])
        }
        var pretty = false
        if args.count > 1, case .table(let opts) = args[1], case .boolean(let p)? = opts["pretty"] { pretty = p }
        do {
            let json = try LuaJSON.json(from: value)
            let bytes = try JSONCodec.encode(json, pretty: pretty)
            s.pushBytes(bytes)
            return 1
        } catch let failure as LuaJSON.EncodeFailure {
            let place = failure.path.isEmpty ? "" : "\(failure.path): "
            throw LuaErrorObject(code: "ValidationError", message: "json.encode: \(place)\(failure.reason)", fields: [("field", .string(failure.path))])
        }
    }

    static func decode(_ s: LuaStack) throws -> Int32 {
        guard s.type(at: 1) == LUA_TSTRING, let bytes = s.bytes(at: 1) else {
            throw LuaErrorObject(code: "ValidationError", message: "json.decode: expected a string, got \(s.type(at: 1) == LUA_TNONE ? "no value" : String(cString: lua_typename(s.L, s.type(at: 1))))")
        }
        do {
            let value = try JSONCodec.decode(bytes)
            guard LuaJSON.push(value, on: s) else {
                throw LuaErrorObject(code: "ParseError", message: "json.decode: document nested too deeply")
            }
            return 1
        } catch let error as JSONCodec.DecodeError {
            let position = Int64(error.offset + 1)
            throw LuaErrorObject(code: "ParseError", message: "json.decode: \(error.message) at position \(position)", fields: [("position", .integer(position))])
        }
    }

    /// Marks a table as a JSON array (so `{}` encodes as `[]`) and returns it.
    static func array(_ s: LuaStack) throws -> Int32 {
        if s.type(at: 1) == LUA_TNONE || s.type(at: 1) == LUA_TNIL {
            lua_createtable(s.L, 0, 0)
        } else if s.type(at: 1) == LUA_TTABLE {
            s.top = 1
        } else {
            throw LuaErrorObject(code: "ValidationError", message: "json.array: expected a table or nothing")
        }
        s.pushRegistryValue(LuaJSON.arrayMetatableKey)
        lua_setmetatable(s.L, -2)
        return 1
    }
}
