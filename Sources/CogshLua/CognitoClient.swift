import AWSCore
import Cognito
import Foundation
import LuaHost

/// One Cognito client as Lua sees it: its configuration overrides, and the resolved
/// configuration and awsJson client, made on first use so `cogsh -e ''` pays nothing.
final class CognitoClient {
    let overrides: AWSConfigOverrides
    let settings: RuntimeSettings
    private var client: AWSJSONClient?

    init(overrides: AWSConfigOverrides, settings: RuntimeSettings) {
        self.overrides = overrides
        self.settings = settings
    }

    func resolved() throws -> AWSJSONClient {
        if let client { return client }
        let overrides = self.overrides
        // --debug shows every request and response; values the model marks sensitive
        // (usernames, attribute values, passwords) are masked like the secrets are.
        let debug = settings.debug ? DebugSink(mask: { target, isResponse, body in
            let operation = String(target.split(separator: ".").last ?? "")
            return isResponse ? CognitoService.redactedResponse(operation, body: body) : CognitoService.redactedRequest(operation, body: body)
        }) { text in fputs(text.hasSuffix("\n") ? text : text + "\n", stderr) } : nil
        let result: Result<AWSJSONClient, AWSError> = BoundaryWait.run({
            do {
                // ~/.aws follows $HOME, as the AWS CLI's does.
                let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
                let config = try await ConfigResolver.resolve(service: CognitoService.serviceDescriptor, overrides: overrides,
                                                              homeDirectory: home)
                return .success(AWSJSONClient(config: config, debugSink: debug))
            } catch let error as AWSError {
                return .failure(error)
            } catch {
                return .failure(AWSError.config("\(error)"))
            }
        }, onTimeout: .failure(AWSError.timeout("the run exceeded --timeout while resolving the configuration")))
        switch result {
        case .success(let made):
            client = made
            return made
        case .failure(let error):
            throw LuaErrorObject(error)
        }
    }

    func resolvedCredentials() throws -> AWSCredentials {
        let provider = try resolved().config.credentials
        return try Self.wait { try await provider.credentials() }
    }

    func identity() throws -> CredentialsIdentity {
        let provider = try resolved().config.credentials
        return try Self.wait { try await provider.identity() }
    }

    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let result: Result<T, AWSError> = BoundaryWait.run({
            do { return .success(try await work()) } catch let e as AWSError { return .failure(e) } catch {
                return .failure(AWSError.credentials("\(error)"))
            }
        }, onTimeout: .failure(AWSError.timeout("the run exceeded --timeout")))
        switch result {
        case .success(let value): return value
        case .failure(let error): throw LuaErrorObject(error)
        }
    }

    /// Validates, then sends (or, in a dry run, shows) one operation.
    func invoke(_ apiName: String, params: LuaValue) throws -> (JSONValue, AWSResponse?) {
        let input = ParamConversion.param(params)
        let body: [UInt8]
        do {
            body = try CognitoService.requestBody(apiName, params: input)
        } catch {
            throw LuaErrorObject(code: "ValidationError", message: error.message,
                                 fields: [("operation", .string(apiName)), ("field", .string(error.field)),
                                          ("retryable", false), ("throttling", false), ("attempts", 0)])
        }
        if settings.dryRun && !CognitoService.isReadOnly(apiName) {
            let shown = (try? JSONCodec.decode(body)).map { CognitoService.redactedRequest(apiName, body: $0) } ?? .object([:])
            let text = (try? JSONCodec.encode(shown)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            fputs("dry-run: \(apiName) \(text)\n", stderr)
            return (.object(["ResponseMetadata": .object(["DryRun": .bool(true)])]), nil)
        }
        let client = try resolved()
        let result: Result<AWSResponse, AWSError> = BoundaryWait.run({
            await client.send(operation: apiName, body: body)
        }, onTimeout: .failure(AWSError.timeout("the run exceeded --timeout during \(apiName)")))
        switch result {
        case .success(let response): return (response.json, response)
        case .failure(let error): throw LuaErrorObject(error, operation: apiName)
        }
    }
}

/// Makes clients: the default one (command line and environment) and the ones
/// `cognito.client{}` asks for. Command-line options stay on top of client arguments.
final class ClientFactory {
    let settings: RuntimeSettings
    private var defaultOne: CognitoClient?

    init(settings: RuntimeSettings) { self.settings = settings }

    func defaultClient() -> CognitoClient {
        if let defaultOne { return defaultOne }
        let made = CognitoClient(overrides: settings.aws, settings: settings)
        defaultOne = made
        return made
    }

    func client(arguments: AWSConfigOverrides) -> CognitoClient {
        CognitoClient(overrides: arguments.merged(with: settings.aws), settings: settings)
    }
}

