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
    private var defaultOne: CognitoInvoker?

    init(settings: RuntimeSettings) { self.settings = settings }

    func defaultClient() -> CognitoInvoker {
        if let defaultOne { return defaultOne }
        let made = invoker(settings.aws)
        defaultOne = made
        return made
    }

    func client(arguments: AWSConfigOverrides) -> CognitoInvoker {
        invoker(arguments.merged(with: settings.aws))
    }

    private func invoker(_ overrides: AWSConfigOverrides) -> CognitoInvoker {
        let environment = ProcessInfo.processInfo.environment
        // ~/.aws follows $HOME, as the AWS CLI's does.
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        var debug: (@Sendable (String) -> Void)?
        if overrides.debug == true { debug = Self.writeDebug }
        return CognitoInvoker(settings: .init(overrides: overrides, environment: environment, homeDirectory: home,
                                              notation: FromLua.notation, debugWriter: debug))
    }

    /// `--debug` blocks go to stderr, unbuffered, so they interleave with Lua's output.
    @Sendable static func writeDebug(_ text: String) {
        fputs(text.hasSuffix("\n") ? text : text + "\n", stderr)
    }
}

/// AWS work the Lua thread waits for: the configuration, the credentials, a call.
extension CognitoInvoker {
    func resolvedClient() throws -> AWSJSONClient {
        try wait(timeout: .timeout("the run exceeded --timeout while resolving the configuration")) { await self.client() }
    }

    func credentials() throws -> AWSCredentials {
        let provider = try resolvedClient().config.credentials
        return try wait(timeout: .timeout("the run exceeded --timeout")) { await Self.catching { try await provider.credentials() } }
    }

    func identity() throws -> CredentialsIdentity {
        let provider = try resolvedClient().config.credentials
        return try wait(timeout: .timeout("the run exceeded --timeout")) { await Self.catching { try await provider.identity() } }
    }

    /// Sends the call and waits for its answer; a failure is the error object to raise.
    func sendAndWait(_ call: PreparedCall) throws -> AWSResponse {
        var timeout = AWSError.timeout("the run exceeded --timeout during \(call.operation.name)")
        timeout.operation = call.operation.name
        return try wait(timeout: timeout) { await self.send(call) }
    }

    private func wait<T: Sendable>(timeout: AWSError, _ work: @escaping @Sendable () async -> Result<T, AWSError>) throws -> T {
        switch BoundaryWait.run(work, onTimeout: .failure(timeout)) {
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
