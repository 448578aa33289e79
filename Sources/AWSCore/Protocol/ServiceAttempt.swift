/// One HTTP attempt at a service, made the same way by service calls (AWSJSONClient)
/// and by the credential services (STS, the SSO portal, SSO OIDC): the request goes
/// through the transport, `--debug` shows the request and then the answer or the
/// failure (through the redactor), and a non-2xx answer becomes the AWSError the retry
/// loop reads — kind service, the service's code, its message scrubbed, status, request
/// id, retryable and throttling by the service's rules, the attempt number. What
/// differs between callers stays with them: building and signing the request, reading
/// a 2xx answer, parsing an error body, the secrets an answer carries.
struct ServiceAttempt: Sendable {
    let transport: HTTPTransport
    let debugSink: DebugSink?
    /// The monotonic clock (seconds) that times the attempt for `--debug`.
    let now: @Sendable () -> Double

    /// How the caller read a 2xx answer: the value, or why it cannot be read; the decoded
    /// body `--debug` shows (the sink masks it for the operation); the secrets the answer
    /// itself carries (the keys STS hands out), masked in `--debug` too.
    struct Reading<Value> {
        var result: Result<Value, AWSError>
        var shown: JSONValue? = nil
        var secrets: [String] = []
    }

    /// Sends `request` as attempt `attempt` of `operation`. `redactor` knows the secrets
    /// the request carries; `shownBody` is the request body as `--debug` should show it
    /// (nil: the raw body, through the redactor).
    func send<Value>(_ request: HTTPRequestMessage, operation: String, attempt: Int, settings: HTTPTransportSettings,
                     redactor: Redactor, shownBody: JSONValue? = nil, rules: ErrorClassification,
                     parseError: (HTTPResponseMessage) -> ServiceFailure,
                     read: (HTTPResponseMessage) -> Reading<Value>) async -> Result<Value, AWSError> {
        debugSink?.request(request, attempt: attempt, shown: shownBody, redactor: redactor)
        let started = now()
        let response: HTTPResponseMessage
        do {
            response = try await transport.send(request, settings: settings)
        } catch {
            let failure = HTTPTransport.failure(error, url: request.url, settings: settings, operation: operation,
                                                attempt: attempt, redactor: redactor)
            debugSink?.failure(failure, redactor: redactor)
            return .failure(failure)
        }
        let elapsed = now() - started
        if (200..<300).contains(response.status) {
            let reading = read(response)
            if let debugSink {
                let shown = reading.secrets.isEmpty ? redactor : Redactor(secrets: redactor.secrets + reading.secrets)
                debugSink.response(response, elapsed: elapsed, operation: operation, decoded: reading.shown, redactor: shown)
            }
            return reading.result
        }
        debugSink?.response(response, elapsed: elapsed, operation: operation, decoded: nil, redactor: redactor)
        let failure = parseError(response)
        return .failure(AWSError(kind: .service, code: failure.code, message: redactor.scrub(failure.message),
                                 status: response.status, requestId: failure.requestId, operation: operation,
                                 retryable: rules.isRetryable(code: failure.code, status: response.status),
                                 throttling: rules.isThrottling(code: failure.code, status: response.status),
                                 attempts: attempt))
    }
}
