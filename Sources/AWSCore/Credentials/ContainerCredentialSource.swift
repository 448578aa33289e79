import Foundation

/// ECS / EKS Pod Identity credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (under
/// 169.254.170.2) or `…_FULL_URI`, which must be https or point at a loopback or container
/// host — the answer is a secret, and plain http elsewhere could hand it to anyone.
public struct ContainerCredentialSource: CredentialSource {
    public let environment: [String: String]
    public let transport: HTTPTransport
    public var name: String { "container" }

    static let relativeHost = "http://169.254.170.2"
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]
    static let settings = HTTPTransportSettings(connectTimeout: 2, readTimeout: 2)

    public init(environment: [String: String], transport: HTTPTransport = .shared) {
        self.environment = environment
        self.transport = transport
    }

    public func load() async throws -> CredentialSourceResult {
        let url: String
        if let rel = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !rel.isEmpty {
            url = Self.relativeHost + (rel.hasPrefix("/") ? rel : "/" + rel)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            guard let parts = URLParts(full), parts.scheme == "https" || parts.scheme == "http" else {
                throw AWSError.credentials("AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL")
            }
            if parts.scheme == "http" && !(Self.allowedHTTPHosts.contains(parts.host) || HostClass.isLoopback(parts.host)) {
                throw AWSError.credentials("AWS_CONTAINER_CREDENTIALS_FULL_URI uses plain http to \(parts.host); only loopback and the container hosts 169.254.170.2, 169.254.170.23 and fd00:ec2::23 may use http")
            }
            url = full
        } else {
            return .notConfigured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
        }

        var headers: [HTTPHeaderField] = [("Accept", "application/json")]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw AWSError.credentials("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
            headers.append(("Authorization", String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(("Authorization", token))
        }

        let response: HTTPResponseMessage
        do {
            response = try await transport.send(HTTPRequestMessage(method: "GET", url: url, headers: headers, body: []),
                                                settings: Self.settings)
        } catch let e as AWSError {
            throw AWSError.credentials("container credentials endpoint failed: \(e.message)")
        }
        guard response.status == 200 else {
            throw AWSError.credentials("container credentials endpoint answered HTTP \(response.status)")
        }
        let c = try CredentialsJSON.parse(response.body, origin: "the container credentials endpoint", tokenKey: "Token")
        return .found(c, source: "container")
    }
}

/// Host tests for the "plain http only to loopback" rules.
enum HostClass {
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let octets = h.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
