import AWSCore
import Synchronization

/// Calls cognito-idp operations for one client configuration: `prepare` validates and
/// encodes, `send` signs, sends and retries (signed as cognito-idp, `X-Amz-Target:
/// AWSCognitoIdentityProviderService.<Operation>`). The configuration is resolved on
/// the first send, once however many calls are in flight. Nothing here blocks: the
/// caller decides how to wait (the Lua boundary blocks its thread or parks a task).
public final class CognitoInvoker: Sendable {
    public struct Settings: Sendable {
        /// Explicit settings (command line, client arguments); they beat the rest.
        public var overrides: AWSConfigOverrides
        public var environment: [String: String]
        /// Where `~/.aws` is.
        public var homeDirectory: String
        /// How the scripting layer names values in validation messages.
        public var notation: ValueNotation
        /// Receives `--debug` output when `overrides.debug` is on.
        public var debugWriter: (@Sendable (String) -> Void)?
        /// The pacing: requests per second by quota category (default: the published
        /// quotas), and the share of them this client may use.
        public var rates: QuotaRates

        public init(overrides: AWSConfigOverrides = AWSConfigOverrides(), environment: [String: String],
                    homeDirectory: String, notation: ValueNotation = .neutral,
                    debugWriter: (@Sendable (String) -> Void)? = nil, rates: QuotaRates = QuotaRates()) {
            self.overrides = overrides
            self.environment = environment
            self.homeDirectory = homeDirectory
            self.notation = notation
            self.debugWriter = debugWriter
            self.rates = rates
        }
    }

    public let settings: Settings
    private let transport: HTTPTransport
    /// The resolution under way or done; a failed one is forgotten so the next call tries again.
    private let resolution = Mutex<Task<Result<AWSJSONClient, AWSError>, Never>?>(nil)

    public init(settings: Settings, transport: HTTPTransport = .shared) {
        self.settings = settings
        self.transport = transport
    }

    /// Validates `params` for the operation (API or snake_case name) and encodes the body.
    public func prepare(_ name: String, params: ParamValue) throws(CognitoValidationError) -> PreparedCall {
        let (op, input) = try CognitoService.validated(name, params: params, notation: settings.notation)
        let body: [UInt8]
        do {
            body = try JSONCodec.encode(input)
        } catch {
            // Validation already refuses what JSON cannot hold; this is a safety net.
            throw CognitoValidationError(field: "", message: "cannot encode the request: \(error)", operation: op.name)
        }
        return PreparedCall(operation: op, input: input, body: body)
    }

    /// Sends a prepared call with the client's retries, paced under its quota category.
    /// Timestamps in the response stay JSON numbers (epoch seconds), as the service sends them.
    public func send(_ call: PreparedCall) async -> Result<AWSResponse, AWSError> {
        let client: AWSJSONClient
        switch await self.client() {
        case .success(let c): client = c
        case .failure(let e): return .failure(e)
        }
        let shown = client.config.debug ? call.shownInput : nil
        return await client.send(operation: call.operation.name, targetPrefix: CognitoService.targetPrefix,
                                 signingName: CognitoService.signingName, body: call.body, shownBody: shown,
                                 pacing: pacing(call, region: client.config.region))
    }

    /// Every call waits for a slot under its category's quota, shared by every client
    /// and task of the process in that region.
    func pacing(_ call: PreparedCall, region: String) -> Pacing? {
        guard let category = QuotaCategories.category(of: call.operation.name, input: call.input) else { return nil }
        var inner: Pacing.Inner?
        if let poolCeiling = settings.rates.poolCeiling(for: category), let pool = call.input["UserPoolId"]?.stringValue {
            inner = Pacing.Inner(pacer: QuotaPacers.shared.pacer(region: region, category: category.name, scope: pool),
                                 ceiling: poolCeiling)
        }
        return Pacing(pacer: QuotaPacers.shared.pacer(region: region, category: category.name),
                      ceiling: settings.rates.ceiling(for: category), inner: inner)
    }

    /// The awsJson client for this configuration, resolving it on first use.
    public func client() async -> Result<AWSJSONClient, AWSError> {
        let task = resolution.withLock { current in
            if let current { return current }
            let settings = self.settings, transport = self.transport
            let made = Task { await Self.resolve(settings, transport: transport) }
            current = made
            return made
        }
        let result = await task.value
        if case .failure = result {
            resolution.withLock { current in if current == task { current = nil } }
        }
        return result
    }

    private static func resolve(_ settings: Settings, transport: HTTPTransport) async -> Result<AWSJSONClient, AWSError> {
        do {
            let config = try await ConfigResolver.resolve(service: CognitoService.serviceDescriptor, overrides: settings.overrides,
                                                          environment: settings.environment,
                                                          homeDirectory: settings.homeDirectory, transport: transport)
            // --debug masks what the model marks sensitive in responses too.
            let debug = settings.debugWriter.map { write in
                DebugSink(maskResponse: { operation, body in CognitoService.redactedResponse(operation, body: body) }, write)
            }
            return .success(AWSJSONClient(config: config, transport: transport, debugSink: debug))
        } catch let error as AWSError {
            return .failure(error)
        } catch {
            return .failure(AWSError.config("\(error)"))
        }
    }
}
