/// What AssumeRole is asked for, as a profile's settings give it.
public struct AssumeRoleRequest: Sendable, Equatable {
    public var roleArn: String
    public var roleSessionName: String
    public var externalId: String?
    public var durationSeconds: Int?
    /// The MFA device (`mfa_serial`) and the code read from it.
    public var mfaSerial: String?
    public var tokenCode: String?

    public init(roleArn: String, roleSessionName: String, externalId: String? = nil, durationSeconds: Int? = nil,
                mfaSerial: String? = nil, tokenCode: String? = nil) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.externalId = externalId
        self.durationSeconds = durationSeconds
        self.mfaSerial = mfaSerial
        self.tokenCode = tokenCode
    }
}

/// What AssumeRoleWithWebIdentity is asked for. The token is a secret: it never appears
/// in `description`.
public struct WebIdentityRequest: Sendable, Equatable, CustomStringConvertible {
    public var roleArn: String
    public var roleSessionName: String
    public var token: String
    public var durationSeconds: Int?

    public init(roleArn: String, roleSessionName: String, token: String, durationSeconds: Int? = nil) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.token = token
        self.durationSeconds = durationSeconds
    }

    public var description: String { "WebIdentityRequest(roleArn: \(roleArn), roleSessionName: \(roleSessionName), token: ****)" }
}

/// The STS operations cogsh sends, over its own signer and transport: AssumeRole (signed
/// with the source credentials) and AssumeRoleWithWebIdentity (unsigned: the token is the
/// proof) for the credential sources, GetCallerIdentity (signed with the credentials in
/// use) for `aws.caller_identity()`. Failures are the AWSError the call ended with (kind
/// service with STS's code, or network/timeout); a credential source adds which profile
/// and role it was for.
struct STSClient: Sendable {
    /// STS's names; `IDPCommunicationError` is worth another attempt besides the standard
    /// list: the identity provider behind AssumeRoleWithWebIdentity did not answer STS
    /// (botocore retries it too).
    static let service = ServiceDescriptor(signingName: "sts", endpointPrefix: "sts",
                                           endpointEnvironmentID: "STS", targetPrefix: "",
                                           retryableCodes: ["IDPCommunicationError"])

    let endpoint: CredentialServiceEndpoint
    let region: String
    let call: CredentialServiceCall
    let userAgent: String

    func assumeRole(_ r: AssumeRoleRequest, with source: AWSCredentials) async throws -> (AWSCredentials, assumedRoleArn: String?) {
        var parameters = [("RoleArn", r.roleArn), ("RoleSessionName", r.roleSessionName)]
        if let d = r.durationSeconds { parameters.append(("DurationSeconds", String(d))) }
        if let e = r.externalId { parameters.append(("ExternalId", e)) }
        if let serial = r.mfaSerial, let code = r.tokenCode {
            parameters += [("SerialNumber", serial), ("TokenCode", code)]
        }
        let answer = try await signed("AssumeRole", parameters: parameters, credentials: source, read: Self.keysInAnswer).get()
        return try STSResponse.credentials(answer.body, action: "AssumeRole")
    }

    func assumeRoleWithWebIdentity(_ r: WebIdentityRequest) async throws -> (AWSCredentials, assumedRoleArn: String?) {
        var parameters = [("RoleArn", r.roleArn), ("RoleSessionName", r.roleSessionName), ("WebIdentityToken", r.token)]
        if let d = r.durationSeconds { parameters.append(("DurationSeconds", String(d))) }
        let body = STSQuery.body(action: "AssumeRoleWithWebIdentity", parameters: parameters)
        // The body carries the token form-encoded: mask both spellings.
        let redactor = Redactor(secrets: [r.token, SigV4Encoding.uriEncode(r.token)])
        let answer = try await send(action: "AssumeRoleWithWebIdentity", body: body, redactor: redactor,
                                    authorize: { $0 }, read: Self.keysInAnswer).get()
        return try STSResponse.credentials(answer.body, action: "AssumeRoleWithWebIdentity")
    }

    /// Who `credentials` belong to: account, ARN and user id.
    func callerIdentity(with credentials: AWSCredentials) async -> Result<CallerIdentity, AWSError> {
        await signed("GetCallerIdentity", parameters: [], credentials: credentials) { answer, attempt in
            ServiceAttempt.Reading(result: STSResponse.callerIdentity(answer, attempts: attempt))
        }
    }

    /// An answer that hands out keys, kept whole (the credential source reads it), its
    /// keys masked in `--debug`.
    private static func keysInAnswer(_ answer: HTTPResponseMessage, attempt: Int) -> ServiceAttempt.Reading<HTTPResponseMessage> {
        ServiceAttempt.Reading(result: .success(answer), secrets: STSResponse.secrets(in: answer.body))
    }

    /// An action signed (SigV4, service sts, the run's region) with `credentials`.
    private func signed<Value>(_ action: String, parameters: [(String, String)], credentials: AWSCredentials,
                               read: (HTTPResponseMessage, Int) -> ServiceAttempt.Reading<Value>) async -> Result<Value, AWSError> {
        let body = STSQuery.body(action: action, parameters: parameters)
        let signer = SigV4Signer(region: region, service: Self.service.signingName)
        let redactor = Redactor(secrets: [credentials.secretAccessKey, credentials.sessionToken ?? ""])
        return await send(action: action, body: body, redactor: redactor, authorize: { headers in
            signer.sign(SigV4Request(method: "POST", path: "/", headers: headers, body: body), credentials: credentials).headers
        }, read: read)
    }

    private func send<Value>(action: String, body: [UInt8], redactor: Redactor,
                             authorize: ([HTTPHeaderField]) -> [HTTPHeaderField],
                             read: (HTTPResponseMessage, Int) -> ServiceAttempt.Reading<Value>) async -> Result<Value, AWSError> {
        guard let url = URLParts(endpoint.url + "/") else {
            return .failure(AWSError.config("invalid STS endpoint URL \(endpoint.url) (from \(endpoint.source))"))
        }
        return await call.send(operation: action, endpoint: endpoint, redactor: redactor, request: { _ in
            let headers: [HTTPHeaderField] = [("Host", url.hostHeader), ("Content-Type", STSQuery.contentType),
                                              ("User-Agent", userAgent)]
            return HTTPRequestMessage(method: "POST", url: endpoint.url + "/", headers: authorize(headers), body: body)
        }, parseError: STSResponse.failure, read: read)
    }
}
