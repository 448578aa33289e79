import AWSCore
import LuaHost

/// `json.encode(v[, {pretty=true}])`, `json.decode(s)`, `json.null`, `json.array(t)`.
enum JSONModule {
    static let module: LuaModule = LuaModule(name: "json", definitions: .builtin("json.d.lua")) { context in
        let state = context.state
        state.pushModule("json", functions: [
            ("encode", encode),
            ("decode", decode),
            ("array", array),
        ])
        state.stack.pushRegistryValue(ToLua.nullKey)
        state.stack.setField("null", in: -2)
        state.stack.pop()
    }

    static func encode(_ s: LuaStack) throws -> Int32 {
        let args: [LuaValue]
        do {
            args = try s.arguments()
        } catch {
            throw CogshError.validation("json.encode: \(error.asValidationError.message)", field: error.path)
        }
        guard let value = args.first else {
            throw CogshError.validation("json.encode: a value to encode is required")
        }
        var pretty = false
        if args.count > 1, case .table(let opts) = args[1], case .boolean(let p)? = opts["pretty"] { pretty = p }
        do {
            let json = try FromLua.json(value)
            let bytes = try JSONCodec.encode(json, pretty: pretty)
            s.pushBytes(bytes)
            return 1
        } catch let failure as FromLua.JSONFailure {
            let place = failure.path.isEmpty ? "" : "\(failure.path): "
            throw CogshError.validation("json.encode: \(place)\(failure.reason)", field: failure.path)
        }
    }

    static func decode(_ s: LuaStack) throws -> Int32 {
        guard s.type(at: 1) == .string, let bytes = s.bytes(at: 1) else {
            throw CogshError(.validation, "json.decode: expected a string, got \(s.type(at: 1).name)")
        }
        do {
            let value = try JSONCodec.decode(bytes)
            guard ToLua.push(value, on: s) else {
                throw CogshError(.parse, "json.decode: document nested too deeply")
            }
            return 1
        } catch let error as JSONCodec.DecodeError {
            let position = Int64(error.offset + 1)
            throw CogshError(.parse, "json.decode: \(error.message) at position \(position)", fields: [("position", .integer(position))])
        }
    }

    /// Marks a table as a JSON array (so `{}` encodes as `[]`) and returns it.
    static func array(_ s: LuaStack) throws -> Int32 {
        if s.type(at: 1).isNoneOrNil {
            s.newTable()
        } else if s.type(at: 1) == .table {
            s.top = 1
        } else {
            throw CogshError(.validation, "json.array: expected a table or nothing")
        }
        s.setMetatable(registryKey: ToLua.arrayMetatableKey, at: -1)
        return 1
    }
}
