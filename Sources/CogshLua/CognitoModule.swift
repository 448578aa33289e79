import AWSCore
import CLua
import Cognito
import LuaHost

/// The `cognito` module: every operation as `cognito.<snake_name>{…}`, made on first
/// use from the model, plus `call`, `each`, `pages`, `errors`, `try` and `client`.
/// The Lua half (CognitoModuleSource) shapes the API; this half validates and sends.
enum CognitoModule {
    static func install(in state: LuaState, clients: ClientFactory) {
        let functions: [(String, LuaSwiftFunction)] = [
            ("lookup", lookup),
            ("names", names),
            ("errors", errors),
            ("paginator", paginator),
            ("help", help),
            ("invoke", invoker(clients.defaultClient())),
            ("new_client", { s in try newClient(s, clients: clients) }),
        ]
        lua_createtable(state.L, 0, Int32(functions.count + 1))
        for (name, body) in functions {
            state.stack.pushFunction(body)
            state.stack.setField(name, in: -2)
        }
        lua_pushboolean(state.L, clients.settings.dryRun ? 1 : 0)
        state.stack.setField("dry_run", in: -2)
        guard state.load(CognitoModuleSource.source, name: "=cognito") == LUA_OK else {
            fatalError("cognito module: \(state.takeFailure(status: LUA_ERRSYNTAX).message)")
        }
        state.stack.insert(at: -2)
        if let failure = state.call(arguments: 1, results: 1) { fatalError("cognito module: \(failure.message)") }
        state.publishModule("cognito")
    }

    static func operation(_ s: LuaStack) throws -> CognitoOperation {
        guard let name = s.string(at: 1) else {
            throw LuaErrorObject(code: "ValidationError", message: "expected an operation name (a string)")
        }
        switch CognitoService.lookup(name) {
        case .success(let op): return op
        case .failure(let e): throw LuaErrorObject(code: "ValidationError", message: e.message, fields: [("field", "")])
        }
    }

    static func lookup(_ s: LuaStack) throws -> Int32 {
        let op = try operation(s)
        return s.returning(.string(op.name))
    }

    static func names(_ s: LuaStack) throws -> Int32 {
        s.returning(.table(LuaTable(sequence: CognitoService.operations.map { .string($0.snakeName) })))
    }

    static func errors(_ s: LuaStack) throws -> Int32 {
        let op = try operation(s)
        return s.returning(.table(LuaTable(sequence: op.errors.map { .string($0) })))
    }

    static func paginator(_ s: LuaStack) throws -> Int32 {
        let op = try operation(s)
        guard let p = op.paginator else {
            throw LuaErrorObject(code: "ValidationError", message: "\(op.name) is not a paginated operation (cognito.each and cognito.pages take one that is, e.g. list_users)",
                                 fields: [("operation", .string(op.name)), ("field", "")])
        }
        var t = LuaTable(fields: ["input_token": .string(p.inputToken), "output_token": .string(p.outputToken), "result_key": .string(p.resultKey)])
        if let limit = p.limitKey { t.fields["limit_key"] = .string(limit) }
        return s.returning(.table(t))
    }

    static func help(_ s: LuaStack) throws -> Int32 {
        let op = try operation(s)
        return s.returning(.string(CognitoService.help(for: op.name)))
    }

    /// invoke(apiName, params) on one client: the decoded response plus ResponseMetadata.
    static func invoker(_ client: CognitoClient) -> LuaSwiftFunction {
        return { s in
            guard let apiName = s.string(at: 1) else { return 0 }
            let params: LuaValue
            switch s.type(at: 2) {
            case LUA_TTABLE: params = try s.value(at: 2)
            case LUA_TNONE, LUA_TNIL: params = .table(LuaTable())
            default:
                throw LuaErrorObject(code: "ValidationError", message: "\(apiName) expects one table of parameters, got a \(String(cString: lua_typename(s.L, s.type(at: 2))))",
                                     fields: [("operation", .string(apiName)), ("field", "")])
            }
            let (json, response) = try client.invoke(apiName, params: params)
            guard LuaJSON.push(json, on: s), s.type(at: -1) == LUA_TTABLE else { return 1 }
            if let response {
                var meta = LuaTable(fields: ["HTTPStatusCode": .integer(Int64(response.status)), "RetryAttempts": .integer(Int64(response.retryAttempts))])
                if let id = response.requestId { meta.fields["RequestId"] = .string(id) }
                s.push(.table(meta))
                s.setField("ResponseMetadata", in: -2)
            }
            return 1
        }
    }

    /// new_client{ region=, profile=, endpoint_url=, max_attempts=, retry_mode=, connect_timeout=, read_timeout= }
    static func newClient(_ s: LuaStack, clients: ClientFactory) throws -> Int32 {
        var overrides = AWSConfigOverrides()
        if case .table(let t) = try s.value(at: 1) {
            for (key, value) in t.fields {
                let name = key.text ?? key.typeName
                func bad(_ what: String) -> LuaErrorObject {
                    LuaErrorObject(code: "ValidationError", message: "cognito.client: \(name) \(what)", fields: [("field", .string(name))])
                }
                switch (name, value) {
                case ("region", .string): overrides.region = value.text
                case ("profile", .string): overrides.profile = value.text
                case ("endpoint_url", .string): overrides.endpointURL = value.text
                case ("max_attempts", .integer(let n)) where n >= 1: overrides.maxAttempts = Int(n)
                case ("retry_mode", .string):
                    guard let mode = value.text.flatMap(RetryMode.init(rawValue:)) else { throw bad("must be \"standard\" or \"adaptive\"") }
                    overrides.retryMode = mode
                case ("connect_timeout", .integer), ("connect_timeout", .number):
                    overrides.connectTimeout = value.seconds
                case ("read_timeout", .integer), ("read_timeout", .number):
                    overrides.readTimeout = value.seconds
                case ("region", _), ("profile", _), ("endpoint_url", _), ("retry_mode", _): throw bad("must be a string")
                case ("max_attempts", _): throw bad("must be an integer of at least 1")
                case ("connect_timeout", _), ("read_timeout", _): throw bad("must be a number of seconds")
                default:
                    throw bad("is not a client option (expected region, profile, endpoint_url, max_attempts, retry_mode, connect_timeout, read_timeout)")
                }
            }
        }
        s.pushFunction(invoker(clients.client(arguments: overrides)))
        return 1
    }
}

extension LuaValue {
    var seconds: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }
}
