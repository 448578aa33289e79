/// Where a credential service (STS, the SSO portal, SSO OIDC) is reached: the base URL,
/// resolved like every endpoint, where that choice came from, and the transport settings
/// (timeouts, CA bundle, the proxy chosen for this URL).
struct CredentialServiceEndpoint: Sendable {
    var url: String
    var source: String
    var settings: HTTPTransportSettings
}

/// What a credential service said when it refused: its code, message and request id.
struct CredentialServiceFailure: Sendable, Equatable {
    var code: String
    var message: String
    var requestId: String?
}

/// One exchange with a credential service, with the retries of standard mode and the
/// `--debug` output of service calls. A non-2xx answer becomes an AWSError of kind
/// service carrying the service's code; the credential source that asked turns it into
/// the CredentialsError the user sees.
struct CredentialServiceCall: Sendable {
    let transport: HTTPTransport
    let retry: RetryLoop
    let debugSink: DebugSink?

    /// `request(n)` builds attempt n (a signed request carries a fresh date each time).
    /// `redactor` knows the secrets the request carries; `responseSecrets` names those a
    /// successful answer carries, so the debug output masks them too.
    func send(operation: String, endpoint: CredentialServiceEndpoint, redactor: Redactor,
              extraRetryableCodes: Set<String> = [],
              request: (Int) -> HTTPRequestMessage,
              parseError: (HTTPResponseMessage) -> CredentialServiceFailure,
              responseSecrets: (HTTPResponseMessage) -> [String] = { _ in [] }) async -> Result<HTTPResponseMessage, AWSError> {
        await retry.run { attempt in
            let message = request(attempt)
            debugSink?.request(message, attempt: attempt, shown: nil, redactor: redactor)
            let started = retry.environment.now()
            do {
                let response = try await transport.send(message, settings: endpoint.settings)
                let ok = (200..<300).contains(response.status)
                let shown = ok ? Redactor(secrets: redactor.secrets + responseSecrets(response)) : redactor
                debugSink?.response(response, elapsed: retry.environment.now() - started, operation: operation,
                                    decoded: nil, redactor: shown)
                if ok { return .success(response) }
                let failure = parseError(response)
                let retryable = ErrorClassification.isRetryable(code: failure.code, status: response.status)
                    || extraRetryableCodes.contains(failure.code)
                return .failure(AWSError(kind: .service, code: failure.code, message: redactor.scrub(failure.message),
                                         status: response.status, requestId: failure.requestId, operation: operation,
                                         retryable: retryable,
                                         throttling: ErrorClassification.isThrottling(code: failure.code, status: response.status),
                                         attempts: attempt))
            } catch {
                let failure = HTTPTransport.failure(error, url: message.url, settings: endpoint.settings, operation: operation,
                                                    attempt: attempt, redactor: redactor)
                debugSink?.failure(failure, redactor: redactor)
                return .failure(failure)
            }
        }
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
