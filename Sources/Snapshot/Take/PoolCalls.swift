import AWSCore
import Cognito
import Synchronization

/// The cognito-idp calls a snapshot (or a verify, a restore) makes from Swift: through
/// the one invoker, so they are validated, signed, retried and paced like a script's.
final class PoolCalls: Sendable {
    let invoker: CognitoInvoker
    /// Counts the calls sent, for the summary.
    let sent = Atomic<Int>(0)

    init(invoker: CognitoInvoker) {
        self.invoker = invoker
    }

    var count: Int { sent.load(ordering: .relaxed) }

    /// The region the calls go to (resolving the configuration if no call has yet).
    func region() async throws(AWSError) -> String {
        try await invoker.client().get().config.region
    }

    func call(_ operation: String, _ params: [String: JSONValue]) async throws(AWSError) -> JSONValue {
        let prepared: PreparedCall
        do {
            prepared = try invoker.prepare(operation, params: ParamValue(json: .object(params)))
        } catch {
            // Parameters made here are valid by construction, but for values taken from the
            // service (a username the model's pattern refuses): the caller decides.
            throw AWSError(kind: .config, code: LocalErrorCode.validation.rawValue, message: "\(operation): \(error.message)")
        }
        sent.add(1, ordering: .relaxed)
        return try await invoker.send(prepared).get().json
    }

    /// Every page of a paginated operation, following the model's tokens; `page` stores
    /// each one before the next is asked for. `start`: the token to resume from.
    func pages(_ operation: String, _ params: [String: JSONValue], from start: String? = nil,
               stop: @Sendable () -> Bool, page: (JSONValue, String?) async throws(AWSError) -> Void) async throws(AWSError) {
        guard let p = CognitoService.operation(named: operation)?.paginator else {
            throw AWSError.config("\(operation) is not paginated")
        }
        var args = params
        var token = start
        repeat {
            if stop() { return }
            if let token { args[p.inputToken] = .string(token) }
            let answer = try await call(operation, args)
            let next = answer[p.outputToken]?.stringValue.flatMap { $0.isEmpty || $0 == token ? nil : $0 }
            try await page(answer, next)
            token = next
        } while token != nil
    }
}
