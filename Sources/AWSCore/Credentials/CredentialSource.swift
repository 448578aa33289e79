import Foundation

/// What one link of the chain found.
public enum CredentialSourceResult: Sendable {
    /// Credentials, and a description of where they came from (`aws.credentials()` shows it).
    case found(AWSCredentials, source: String)
    /// This source is not set up here; the reason goes into the "nothing found" error.
    case notConfigured(String)
}

/// One place credentials may come from. A source that is set up but broken (partial
/// environment variables, a failing credential_process) throws a CredentialsError
/// rather than letting the chain fall through to a surprising identity.
public protocol CredentialSource: Sendable {
    /// Short name listed when nothing yields (e.g. "environment").
    var name: String { get }
    func load() async throws -> CredentialSourceResult
}

/// Credentials given outright (`aws.sign{credentials=}`, `cognito.client{}`, tests).
public struct StaticCredentialSource: CredentialSource {
    public let credentials: AWSCredentials
    public let name: String

    public init(_ credentials: AWSCredentials, name: String = "explicit") {
        self.credentials = credentials
        self.name = name
    }

    public func load() async throws -> CredentialSourceResult { .found(credentials, source: name) }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialSource: CredentialSource {
    public let environment: [String: String]
    public var name: String { "environment" }

    public init(environment: [String: String]) { self.environment = environment }

    public func load() async throws -> CredentialSourceResult {
        let id = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil):
            return .notConfigured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (.some, nil):
            throw AWSError.credentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither")
        case (nil, .some):
            throw AWSError.credentials("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither")
        case let (id?, secret?):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return .found(AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token), source: "environment")
        }
    }
}

/// Reads the `AccessKeyId` / `SecretAccessKey` / `Token|SessionToken` / `Expiration` JSON
/// shared by credential_process, container and instance-metadata answers.
enum CredentialsJSON {
    static func parse(_ bytes: [UInt8], origin: String, tokenKey: String) throws -> AWSCredentials {
        guard let json = try? JSONCodec.decode(bytes), case .object = json else {
            throw AWSError.credentials("\(origin) did not return JSON credentials")
        }
        guard let id = json["AccessKeyId"]?.stringValue, !id.isEmpty,
              let secret = json["SecretAccessKey"]?.stringValue, !secret.isEmpty else {
            throw AWSError.credentials("\(origin) returned JSON without AccessKeyId and SecretAccessKey")
        }
        var expiration: Date?
        if let e = json["Expiration"]?.stringValue {
            guard let d = ISO8601.parse(e) else {
                throw AWSError.credentials("\(origin) returned an Expiration that is not an ISO 8601 time")
            }
            expiration = d
        }
        let token = json[tokenKey]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}
