/// Where a credential service (STS, the SSO portal, SSO OIDC) is reached: the base URL,
/// resolved like every endpoint, where that choice came from, the transport settings
/// (timeouts, CA bundle, the proxy chosen for this URL), and the service, whose retry
/// rules apply.
struct CredentialServiceEndpoint: Sendable {
    var url: String
    var source: String
    var settings: HTTPTransportSettings
    var service: ServiceDescriptor
}

/// One exchange with a credential service, with the retries of standard mode and the
/// attempts of service calls (ServiceAttempt). A non-2xx answer becomes an AWSError of
/// kind service carrying the service's code; the credential source that asked turns it
/// into the CredentialsError the user sees.
struct CredentialServiceCall: Sendable {
    let attempt: ServiceAttempt
    let retry: RetryLoop

    /// `request(n)` builds attempt n (a signed request carries a fresh date each time).
    /// `redactor` knows the secrets the request carries; `responseSecrets` names those a
    /// successful answer carries, so the debug output masks them too.
    func send(operation: String, endpoint: CredentialServiceEndpoint, redactor: Redactor,
              request: (Int) -> HTTPRequestMessage,
              parseError: (HTTPResponseMessage) -> ServiceFailure,
              responseSecrets: (HTTPResponseMessage) -> [String] = { _ in [] }) async -> Result<HTTPResponseMessage, AWSError> {
        await send(operation: operation, endpoint: endpoint, redactor: redactor, request: request, parseError: parseError) { response, _ in
            ServiceAttempt.Reading(result: .success(response), secrets: responseSecrets(response))
        }
    }

    /// The same, with a 2xx answer read inside its attempt (`read(answer, n)`), so a
    /// failure to read it carries the attempts made, as a service call's does.
    func send<Value>(operation: String, endpoint: CredentialServiceEndpoint, redactor: Redactor,
                     request: (Int) -> HTTPRequestMessage,
                     parseError: (HTTPResponseMessage) -> ServiceFailure,
                     read: (HTTPResponseMessage, Int) -> ServiceAttempt.Reading<Value>) async -> Result<Value, AWSError> {
        let rules = ErrorClassification(service: endpoint.service)
        return await retry.run { n in
            await attempt.send(request(n), operation: operation, attempt: n, settings: endpoint.settings, redactor: redactor,
                               rules: rules, parseError: parseError) { read($0, n) }
        }
    }
}

extension CredentialServiceCall {
    init(transport: HTTPTransport, retry: RetryLoop, debugSink: DebugSink?) {
        self.init(attempt: ServiceAttempt(transport: transport, debugSink: debugSink, now: retry.environment.now), retry: retry)
    }
}

extension CredentialServiceEndpoint {
    /// A credential service's endpoint, resolved as a service's is (`AWS_ENDPOINT_URL_<ID>`,
    /// `AWS_ENDPOINT_URL`, `[services]`, profile `endpoint_url`, else the public one in
    /// `region`), except that `--endpoint-url`, which names the service being called,
    /// does not apply. `settings` are the run's timeouts and CA bundle; the proxy is
    /// chosen for this URL.
    static func resolve(_ service: ServiceDescriptor, region: String, environment: [String: String], files: SharedConfigFiles,
                        profile: String, settings: HTTPTransportSettings, allowInsecureHTTP: Bool) throws -> CredentialServiceEndpoint {
        let (url, source) = try ConfigResolver.resolveEndpoint(
            service: service, overrides: AWSConfigOverrides(allowInsecureHTTP: allowInsecureHTTP ? true : nil),
            env: environment, files: files, profile: profile, region: region)
        var s = settings
        s.proxy = try ProxyEnvironment(environment: environment).proxy(for: url)
        return CredentialServiceEndpoint(url: url, source: source, settings: s, service: service)
    }
}

extension AWSError {
    /// The sentence a CredentialsError gives for a failed credential-service call: the
    /// service's code and message (and request id), or the network trouble, with the
    /// attempts when there were several.
    var credentialServiceSummary: String {
        var text = kind == .service ? "\(code): \(message)" : message
        var notes: [String] = []
        if let requestId { notes.append("request id \(requestId)") }
        if attempts > 1 { notes.append("\(attempts) attempts") }
        if !notes.isEmpty { text += " (\(notes.joined(separator: ", ")))" }
        return text
    }
}
