import AWSCore
import Cognito
import Foundation
import LuaHost

/// The Cognito clients of one Lua state: the default one (command line, environment,
/// `~/.aws`) and those `cognito.client{}` asks for, each a CognitoInvoker whose
/// configuration is resolved on first use, so `cogsh -e ''` pays nothing for it.
/// Command-line options stay on top of client arguments.
final class ClientFactory {
    let settings: RuntimeSettings
    let queue: WorkQueue
    private var defaultOne: LuaClient?

    /// `--plan`: the run's one recorder, which every client records through.
    let recorder: PlanRecorder?

    init(settings: RuntimeSettings, queue: WorkQueue) {
        self.settings = settings
        self.queue = queue
        if case .record(let plan)? = settings.plan {
            recorder = PlanRecorder(settings: plan)
            PlanRecorder.current = recorder
        } else {
            recorder = nil
        }
    }

    func defaultClient() -> LuaClient {
        if let defaultOne { return defaultOne }
        let made = client(overrides: settings.aws, rates: QuotaRates(rates: settings.rates, share: settings.rateShare ?? 1))
        defaultOne = made
        return made
    }

    /// A client for `cognito.client{}`: its arguments under the command line's.
    func client(arguments: AWSConfigOverrides, rates: [String: Double], rateShare: Double?) -> LuaClient {
        let merged = QuotaRates(rates: rates.merging(settings.rates) { $1 },
                                share: settings.rateShare ?? rateShare ?? 1)
        return client(overrides: arguments.merged(with: settings.aws), rates: merged)
    }

    private func client(overrides: AWSConfigOverrides, rates: QuotaRates) -> LuaClient {
        LuaClient(queue: queue, dryRun: settings.dryRun, recorder: recorder) { Self.invoker(overrides, rates: rates) }
    }

    private static func invoker(_ overrides: AWSConfigOverrides, rates: QuotaRates) -> CognitoInvoker {
        let environment = ProcessInfo.processInfo.environment
        // ~/.aws follows $HOME, as the AWS CLI's does.
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        var debug: (@Sendable (String) -> Void)?
        var overrides = overrides
        if overrides.debug == true {
            debug = writeDebug
            overrides.debugSink = DebugSink(writeDebug)   // the credential services' calls too
        }
        return CognitoInvoker(settings: .init(overrides: overrides, environment: environment, homeDirectory: home,
                                              notation: FromLua.notation, debugWriter: debug, rates: rates))
    }

    /// `--debug` blocks go to stderr, unbuffered, so they interleave with Lua's output;
    /// with --log-format json each block is one line.
    @Sendable static func writeDebug(_ text: String) {
        StderrLines.write(text, level: .debug, message: text)
    }
}

/// One Cognito client as the Lua modules use it: its invoker, and the queue through
/// which the Lua thread waits for the invoker's work. The invoker is made on first use:
/// reading the environment and the home directory costs start-up for nothing otherwise.
final class LuaClient {
    let queue: WorkQueue
    let dryRun: Bool
    /// `--plan`: mutating calls are recorded here instead of sent.
    let recorder: PlanRecorder?
    private let make: () -> CognitoInvoker
    private(set) lazy var invoker: CognitoInvoker = make()

    init(queue: WorkQueue, dryRun: Bool, recorder: PlanRecorder? = nil, make: @escaping () -> CognitoInvoker) {
        self.queue = queue
        self.dryRun = dryRun
        self.recorder = recorder
        self.make = make
    }

    func resolvedClient() throws -> AWSJSONClient {
        let invoker = self.invoker
        return try wait(timeout: .timeout("the run exceeded --timeout while resolving the configuration")) { await invoker.client() }
    }

    func credentials() throws -> AWSCredentials {
        let provider = try resolvedClient().config.credentials
        return try wait(timeout: .timeout("the run exceeded --timeout")) { await Self.catching { try await provider.credentials() } }
    }

    func identity() throws -> CredentialsIdentity {
        let provider = try resolvedClient().config.credentials
        return try wait(timeout: .timeout("the run exceeded --timeout")) { await Self.catching { try await provider.identity() } }
    }

    /// STS GetCallerIdentity for this client's credentials: one call, then remembered.
    func callerIdentity() throws -> CallerIdentity {
        if let known = identityAnswer { return known }
        let client = try resolvedClient()
        let answer = try wait(timeout: .timeout("the run exceeded --timeout during GetCallerIdentity")) { await client.callerIdentity() }
        identityAnswer = answer
        return answer
    }

    private var identityAnswer: CallerIdentity?

    /// Sends the call and waits for its answer; a failure is the error object to raise.
    func sendAndWait(_ call: PreparedCall) throws -> AWSResponse {
        var timeout = AWSError.timeout("the run exceeded --timeout during \(call.operation.name)")
        timeout.operation = call.operation.name
        let invoker = self.invoker
        return try wait(timeout: timeout) { await invoker.send(call) }
    }

    /// Sends the call without waiting; the task scheduler takes the answer by this id.
    func start(_ call: PreparedCall) -> Int {
        let invoker = self.invoker
        return queue.start { await invoker.send(call).map { $0 as any Sendable } }
    }

    private func wait<T: Sendable>(timeout: AWSError, _ work: @escaping @Sendable () async -> Result<T, AWSError>) throws -> T {
        switch queue.run(work, onTimeout: timeout) {
        case .success(let value): return value
        case .failure(let error): throw CogshError(error)
        }
    }

    private static func catching<T>(_ work: () async throws -> T) async -> Result<T, AWSError> {
        do { return .success(try await work()) } catch let e as AWSError { return .failure(e) } catch {
            return .failure(AWSError.credentials("\(error)"))
        }
    }
}
