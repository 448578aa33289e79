import Foundation

/// Sends awsJson1.1 operations: `POST /` with `X-Amz-Target: <prefix>.<Operation>`, signed,
/// retried and paced as the resolved config says. One client per configuration; it shares
/// the process's HTTP transport, and keeps its own retry quota and rate limiter.
public final class AWSJSONClient: Sendable {
    public let config: ResolvedConfig
    public let userAgent: String
    let transport: HTTPTransport
    let debugSink: DebugSink?
    /// One HTTP attempt, as credential services make it too.
    let exchange: ServiceAttempt
    let retry: RetryEnvironment
    public let quota: RetryQuota
    public let rateLimiter: AdaptiveRateLimiter?
    let statistics: CallStatistics

    public static let contentType = "application/x-amz-json-1.1"

    /// `debugSink` receives `--debug` output when `config.debug` is on (stderr if nil).
    public init(config: ResolvedConfig, transport: HTTPTransport = .shared, debugSink: DebugSink? = nil,
                retryEnvironment: RetryEnvironment = .live, retryQuota: RetryQuota = RetryQuota(),
                statistics: CallStatistics = .shared, appName: String = "cogsh", appVersion: String = "0.1.0") {
        self.config = config
        self.transport = transport
        self.debugSink = config.debug ? (debugSink ?? DebugSink.standardError) : nil
        self.exchange = ServiceAttempt(transport: transport, debugSink: self.debugSink, now: retryEnvironment.now)
        self.retry = retryEnvironment
        self.quota = retryQuota
        self.statistics = statistics
        self.rateLimiter = config.retryMode == .adaptive ? AdaptiveRateLimiter(now: retryEnvironment.now) : nil
        #if os(Linux)
        let os = "linux"
        #else
        let os = "macos"
        #endif
        self.userAgent = "\(appName)/\(appVersion) lang/swift os/\(os) cfg/retry-mode#\(config.retryMode.rawValue)"
    }

    /// One operation, with retries. Never throws: every failure is an AWSError carrying
    /// the operation, the attempts made and, when a response came back, its status.
    /// `shownBody` is the body as `--debug` should show it (the service layer masks it);
    /// `pacing` spaces the attempts under the operation's request-rate quota.
    public func send(operation: String, targetPrefix: String? = nil, signingName: String? = nil,
                     body: [UInt8], shownBody: JSONValue? = nil, pacing: Pacing? = nil) async -> Result<AWSResponse, AWSError> {
        let result = await attempts(operation: operation, target: "\(targetPrefix ?? config.service.targetPrefix).\(operation)",
                                    signingName: signingName ?? config.service.signingName, body: body,
                                    shownBody: shownBody, pacing: pacing)
        switch result {
        case .success(let r): statistics.finished(operation: operation, attempts: r.retryAttempts + 1, failure: nil)
        case .failure(let e): statistics.finished(operation: operation, attempts: e.attempts, failure: e.code)
        }
        return result
    }

    private func attempts(operation: String, target: String, signingName: String, body: [UInt8],
                          shownBody: JSONValue?, pacing: Pacing?) async -> Result<AWSResponse, AWSError> {
        let signer = SigV4Signer(region: config.region, service: signingName)
        let endpoint = config.endpoint + "/"
        guard let url = URLParts(endpoint) else {
            return .failure(AWSError.config("invalid endpoint URL \(config.endpoint)"))
        }
        let invocationId = InvocationId.make()
        let rules = ErrorClassification(service: config.service)
        let loop = RetryLoop(maxAttempts: config.maxAttempts, quota: quota, environment: retry)
        return await loop.run(paced: pacing != nil) { attempt in
            let credentials: AWSCredentials
            switch await currentCredentials(operation: operation, attempt: attempt) {
            case .success(let c): credentials = c
            case .failure(let e): return .failure(e)
            }
            // Two throttle controllers, each with its own job: the pacer holds the whole
            // process under the published quota that every client of the region shares
            // (before the service has to say so); the limiter is adaptive retry mode's,
            // per client, and slows this client further once throttles come back anyway.
            if let pacing { await pacing.acquire() }
            if let limiter = rateLimiter { await limiter.acquire(sleep: retry.sleep) }

            let headers: [HTTPHeaderField] = [
                ("Host", url.hostHeader),
                ("Content-Type", Self.contentType),
                ("X-Amz-Target", target),
                ("User-Agent", userAgent),
                ("amz-sdk-invocation-id", invocationId),
                ("amz-sdk-request", "attempt=\(attempt); max=\(config.maxAttempts)"),
            ]
            let signed = signer.sign(SigV4Request(method: "POST", path: url.path, query: url.query, headers: headers, body: body),
                                     credentials: credentials)
            let request = HTTPRequestMessage(method: "POST", url: endpoint, headers: signed.headers, body: body)
            let redactor = Redactor(secrets: [credentials.secretAccessKey, credentials.sessionToken ?? "", signed.signature])
            let result = await exchange.send(request, operation: operation, attempt: attempt, settings: config.transport,
                                             redactor: redactor, shownBody: shownBody, rules: rules,
                                             parseError: ServiceFailure.standard) { response in
                let decoded = decodeSuccess(response, operation: operation, attempts: attempt)
                return ServiceAttempt.Reading(result: decoded, shown: try? decoded.get().json)
            }
            recordAnswer(result, pacing: pacing)
            return result
        }
    }

    /// The credentials for one attempt (the chain refreshes them in long runs); a failure
    /// says which operation could not be sent, after how many attempts, and is final.
    func currentCredentials(operation: String, attempt: Int) async -> Result<AWSCredentials, AWSError> {
        do {
            return .success(try await config.credentials.credentials())
        } catch {
            var e = (error as? AWSError) ?? AWSError.credentials("\(error)")
            e.operation = operation
            e.attempts = attempt - 1
            e.retryable = false
            return .failure(e)
        }
    }

    /// Feeds an answer to both throttle controllers (and the run's statistics): every
    /// answer that came back counts, throttled or not; a network failure says nothing
    /// about the quota.
    private func recordAnswer(_ result: Result<AWSResponse, AWSError>, pacing: Pacing?) {
        let throttled: Bool
        switch result {
        case .success: throttled = false
        case .failure(let e) where e.status != nil: throttled = e.throttling
        case .failure: return
        }
        rateLimiter?.record(throttled: throttled)
        pacing?.record(throttled: throttled)
        if throttled { statistics.throttled() }
    }

    private func decodeSuccess(_ r: HTTPResponseMessage, operation: String, attempts: Int) -> Result<AWSResponse, AWSError> {
        let requestId = ServiceFailure.requestId(of: r)
        let json: JSONValue
        if r.body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            json = .object([:])
        } else {
            do {
                json = try JSONCodec.decode(r.body)
            } catch {
                var e = AWSError.parse("the \(operation) response is not valid JSON: \(error)", status: r.status, requestId: requestId)
                e.operation = operation
                e.attempts = attempts
                return .failure(e)
            }
        }
        return .success(AWSResponse(status: r.status, headers: r.headers, body: r.body, json: json,
                                    requestId: requestId, retryAttempts: attempts - 1))
    }
}

extension DebugSink {
    /// Writes each block to stderr, unbuffered, so it interleaves correctly with Lua's output.
    public static let standardError = DebugSink { text in
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
