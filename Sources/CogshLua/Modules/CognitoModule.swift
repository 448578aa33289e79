import AWSCore
import Cognito
import Foundation
import LuaHost

/// The `cognito` module: every operation as `cognito.<snake_name>{…}`, made on first
/// use from the model, plus `call`, `each`, `pages`, `errors`, `try` and `client`.
/// The Lua half (CognitoModuleSource) shapes the API; this half prepares (validates,
/// encodes) and sends through the Cognito layer's invoker, and shows dry runs.
enum CognitoModule {
    static let module: LuaModule = LuaModule(name: "cognito", definitions: .builtin("cognito.d.lua")) { context in
        install(in: context.state, clients: context.clients)
    }

    static func install(in state: LuaState, clients: ClientFactory) {
        let functions: [(String, LuaSwiftFunction)] = [
            ("lookup", lookup),
            ("names", names),
            ("errors", errors),
            ("paginator", paginator),
            ("help", help),
            ("invoke", invoker(clients.defaultClient())),
            ("config", configReader(clients.defaultClient())),
            ("new_client", { s in try newClient(s, clients: clients) }),
        ]
        let s = state.stack
        s.pushFunctionTable(functions, extraFields: 2)
        s.pushBool(clients.settings.dryRun)
        s.setField("dry_run", in: -2)
        s.pushRegistryValue(TaskModule.schedulerKey)
        s.setField("sched", in: -2)
        BuiltinLua.run("cognito.lua", in: state, arguments: 1)
        state.publishModule("cognito")
    }

    static func operation(_ s: LuaStack) throws -> CognitoOperation {
        guard let name = s.string(at: 1) else {
            throw CogshError(.validation, "expected an operation name (a string)")
        }
        switch CognitoService.lookup(name) {
        case .success(let op): return op
        case .failure(let e): throw CogshError.validation(e.message)
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
            throw CogshError.validation("\(op.name) is not a paginated operation (cognito.each and cognito.pages take one that is, e.g. list_users)",
                                        operation: op.name)
        }
        var t = LuaTable(fields: ["input_token": .string(p.inputToken), "output_token": .string(p.outputToken), "result_key": .string(p.resultKey)])
        if let limit = p.limitKey { t.fields["limit_key"] = .string(limit) }
        return s.returning(.table(t))
    }

    static func help(_ s: LuaStack) throws -> Int32 {
        let op = try operation(s)
        return s.returning(.string(CognitoService.help(for: op.name)))
    }

    /// invoke(apiName, params[, async]) on one client: the decoded response plus
    /// ResponseMetadata; with `async`, the id of the call in flight, for the scheduler.
    static func invoker(_ client: LuaClient) -> LuaSwiftFunction {
        return { s in
            guard let apiName = s.string(at: 1) else { return 0 }
            let call = try prepare(apiName, params: s, at: 2, client: client.invoker)
            if let recorder = client.recorder, !call.isReadOnly {
                return try PlanRecording.answer(call, recorder: recorder, client: client, async: s.boolean(at: 3), on: s)
            }
            if client.dryRun && !call.isReadOnly {
                showDryRun(call)
                return s.returning(.table(LuaTable(fields: ["ResponseMetadata": .table(LuaTable(fields: ["DryRun": true]))])))
            }
            if s.boolean(at: 3) {
                s.pushInteger(Int64(client.start(call)))
                return 1
            }
            let response = try client.sendAndWait(call)
            _ = ToLua.push(response, on: s)
            return 1
        }
    }

    /// config() → where the client sends and how fast: its configuration, resolved now
    /// if no call has resolved it yet, and the pace of each quota category.
    static func configReader(_ client: LuaClient) -> LuaSwiftFunction {
        return { s in
            let config = try client.resolvedClient().config
            let rates = client.invoker.settings.rates
            var paced = LuaTable()
            for category in QuotaCategories.all {
                paced.fields[.string(category.name)] = .number(rates.ceiling(for: category))
            }
            let fields: [LuaValue: LuaValue] = [
                "region": .string(config.region), "region_source": .string(config.regionSource),
                "endpoint": .string(config.endpoint), "endpoint_source": .string(config.endpointSource),
                "profile": .string(config.profile), "retry_mode": .string(config.retryMode.rawValue),
                "max_attempts": .integer(Int64(config.maxAttempts)), "dry_run": .boolean(client.dryRun),
                "rates": .table(paced),
            ]
            return s.returning(.table(LuaTable(fields: fields)))
        }
    }

    /// Reads the parameter table at `index` and validates it for the operation.
    static func prepare(_ apiName: String, params s: LuaStack, at index: Int32, client: CognitoInvoker) throws -> PreparedCall {
        let params: LuaValue
        switch s.type(at: index) {
        case .table: params = try s.value(at: index)
        case .none, .nil: params = .table(LuaTable())
        case let other:
            throw CogshError.validation("\(apiName) expects one table of parameters, got a \(other.name)", operation: apiName)
        }
        do {
            return try client.prepare(apiName, params: FromLua.param(params))
        } catch {
            throw CogshError.validation(error.message, field: error.field, operation: error.operation)
        }
    }

    /// `dry-run: AdminUpdateUserAttributes {...}` on stderr, sensitive values masked.
    static func showDryRun(_ call: PreparedCall) {
        let shown = call.shownInput
        let text = (try? JSONCodec.encode(shown)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        StderrLines.write("dry-run: \(call.operation.name) \(text)", level: .info, message: "dry-run: \(call.operation.name)",
                          fields: ["dry_run": .bool(true), "operation": .string(call.operation.name), "params": shown])
    }

    static let clientOptions = "region, profile, endpoint_url, max_attempts, retry_mode, connect_timeout, read_timeout, rates, rate_share"

    /// new_client{ region=, profile=, endpoint_url=, max_attempts=, retry_mode=, connect_timeout=, read_timeout=, rates=, rate_share= }
    static func newClient(_ s: LuaStack, clients: ClientFactory) throws -> Int32 {
        var overrides = AWSConfigOverrides()
        var rates: [String: Double] = [:]
        var rateShare: Double?
        if case .table(let t) = try s.value(at: 1) {
            for (key, value) in t.fields {
                let name = key.text ?? key.typeName
                func bad(_ what: String) -> CogshError {
                    CogshError.validation("cognito.client: \(name) \(what)", field: name)
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
                case ("rates", .table(let r)):
                    rates = try quotaRates(r)
                case ("rate_share", .integer), ("rate_share", .number):
                    if let problem = QuotaRates.check(share: value.seconds ?? 0) { throw bad("is out of range: \(problem)") }
                    rateShare = value.seconds
                case ("region", _), ("profile", _), ("endpoint_url", _), ("retry_mode", _): throw bad("must be a string")
                case ("max_attempts", _): throw bad("must be an integer of at least 1")
                case ("connect_timeout", _), ("read_timeout", _): throw bad("must be a number of seconds")
                case ("rates", _): throw bad("must be a table of requests per second by quota category, e.g. { UserUpdate = 50 }")
                case ("rate_share", _): throw bad("must be a number more than 0 and at most 1")
                default:
                    throw bad("is not a client option (expected \(clientOptions))")
                }
            }
        }
        let client = clients.client(arguments: overrides, rates: rates, rateShare: rateShare)
        s.pushFunction(invoker(client))
        s.pushFunction(configReader(client))
        return 2
    }

    /// `rates = { UserUpdate = 50, ... }`: every key a quota category, every value a rate.
    static func quotaRates(_ t: LuaTable) throws -> [String: Double] {
        var rates: [String: Double] = [:]
        if !t.sequence.isEmpty {
            throw CogshError.validation("cognito.client: rates must map quota categories to requests per second, e.g. { UserUpdate = 50 }", field: "rates[1]")
        }
        for (key, value) in t.fields {
            let name = key.text ?? key.typeName
            let field = FieldPath.member("rates", name)
            guard let rate = value.seconds else {
                throw CogshError.validation("cognito.client: \(field) must be a number of requests per second, got a \(value.typeName)", field: field)
            }
            if let problem = QuotaRates.check(category: name, rate: rate) {
                throw CogshError.validation("cognito.client: \(field): \(problem)", field: field)
            }
            rates[name] = rate
        }
        return rates
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
