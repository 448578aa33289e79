/// EC2 instance metadata, IMDSv2 only: PUT a session token, then read the role name and
/// its credentials with it. One-second timeouts, so a laptop without IMDS is not held up.
public struct InstanceMetadataClient: Sendable {
    public let endpoint: String
    public let transport: HTTPTransport
    static let settings = HTTPTransportSettings(connectTimeout: 1, readTimeout: 1)
    static let tokenTTLSeconds = 21_600

    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides the link-local default.
    public init(environment: [String: String], transport: HTTPTransport = .shared) {
        var e = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254"
        while e.hasSuffix("/") { e.removeLast() }
        endpoint = e
        self.transport = transport
    }

    static func isDisabled(_ environment: [String: String]) -> Bool {
        environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
    }

    func token() async throws -> String {
        let r = try await transport.send(HTTPRequestMessage(method: "PUT", url: endpoint + "/latest/api/token",
            headers: [("X-aws-ec2-metadata-token-ttl-seconds", String(Self.tokenTTLSeconds))], body: []),
            settings: Self.settings)
        guard r.status == 200, !r.body.isEmpty else {
            throw AWSError.credentials("instance metadata refused a session token (HTTP \(r.status))")
        }
        return String(decoding: r.body, as: UTF8.self)
    }

    /// GETs a metadata path with a fresh token; the body as text.
    public func get(_ path: String) async throws -> String {
        let body = try await getBytes(path, token: try await token())
        return String(decoding: body, as: UTF8.self)
    }

    func getBytes(_ path: String, token: String) async throws -> [UInt8] {
        let r = try await transport.send(HTTPRequestMessage(method: "GET", url: endpoint + path,
            headers: [("X-aws-ec2-metadata-token", token)], body: []), settings: Self.settings)
        guard r.status == 200 else {
            throw AWSError.credentials("instance metadata \(path) answered HTTP \(r.status)")
        }
        return r.body
    }

    public func region() async throws -> String {
        try await get("/latest/meta-data/placement/region").trimmingSpaces
    }
}

public struct InstanceMetadataCredentialSource: CredentialSource {
    public let environment: [String: String]
    public let transport: HTTPTransport
    public var name: String { "imds" }

    public init(environment: [String: String], transport: HTTPTransport = .shared) {
        self.environment = environment
        self.transport = transport
    }

    public func load() async throws -> CredentialSourceResult {
        if InstanceMetadataClient.isDisabled(environment) {
            return .notConfigured("AWS_EC2_METADATA_DISABLED is true")
        }
        let client = InstanceMetadataClient(environment: environment, transport: transport)
        let token: String
        do {
            token = try await client.token()
        } catch let e as AWSError where e.kind == .network || e.kind == .timeout {
            // No metadata service: not on EC2. That is "not configured", not a failure.
            return .notConfigured("no instance metadata service answered at \(client.endpoint)")
        }
        let base = "/latest/meta-data/iam/security-credentials/"
        let roles = String(decoding: try await client.getBytes(base, token: token), as: UTF8.self)
        guard let role = roles.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map({ $0.trimmingSpaces }), !role.isEmpty else {
            return .notConfigured("the instance has no IAM role attached")
        }
        let body = try await client.getBytes(base + role, token: token)
        if let json = try? JSONCodec.decode(body), let code = json["Code"]?.stringValue, code != "Success" {
            throw AWSError.credentials("instance metadata credentials for role \(role) are not available (Code \(code))")
        }
        let c = try CredentialsJSON.parse(body, origin: "instance metadata", tokenKey: "Token")
        return .found(c, source: "imds")
    }
}
