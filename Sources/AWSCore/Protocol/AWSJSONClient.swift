import Foundation

/// Sends awsJson1.1 operations: `POST /` with `X-Amz-Target: <prefix>.<Operation>`, signed,
/// retried and paced as the resolved config says. One client per configuration; it shares
/// the process's HTTP transport, and keeps its own retry quota and rate limiter.
public final class AWSJSONClient: Sendable {
    public let config: ResolvedConfig
    public let userAgent: String
    let transport: HTTPTransport
    let debugSink: DebugSink?
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
        guard let url = URLParts(config.endpoint + "/") else {
            return .failure(AWSError.config("invalid endpoint URL \(config.endpoint)"))
        }
        let invocationId = InvocationId.make()
        let loop = RetryLoop(maxAttempts: config.maxAttempts, quota: quota, environment: retry)
        return await loop.run(paced: pacing != nil) { attempt in
            let credentials: AWSCredentials
            do {
                credentials = try await config.credentials.credentials()
            } catch {
                var e = (error as? AWSError) ?? AWSError.credentials("\(error)")
                e.operation = operation
                e.attempts = attempt - 1
                e.retryable = false
                return .failure(e)
            }
            if let pacing { await pacing.pacer.acquire(ceiling: pacing.ceiling) }
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
            let request = HTTPRequestMessage(method: "POST", url: config.endpoint + "/", headers: signed.headers, body: body)
            let redactor = Redactor(secrets: [credentials.secretAccessKey, credentials.sessionToken ?? "", signed.signature])
            debugSink?.request(request, attempt: attempt, shown: shownBody, redactor: redactor)

            let started = retry.now()
            do {
                let response = try await transport.send(request, settings: config.transport)
                let elapsed = retry.now() - started
                let requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
                if (200..<300).contains(response.status) {
                    rateLimiter?.record(throttled: false)
                    pacing?.pacer.record(throttled: false)
                    let result = decodeSuccess(response, requestId: requestId, operation: operation, attempts: attempt)
                    debugSink?.response(response, elapsed: elapsed, operation: operation,
                                        decoded: try? result.get().json, redactor: redactor)
                    return result
                }
                debugSink?.response(response, elapsed: elapsed, operation: operation, decoded: nil, redactor: redactor)
                let parsed = ServiceErrorParser.parse(status: response.status, headers: response.headers, body: response.body)
                let throttling = ErrorClassification.isThrottling(code: parsed.code, status: response.status)
                rateLimiter?.record(throttled: throttling)
                pacing?.pacer.record(throttled: throttling)
                if throttling { statistics.throttled() }
                return .failure(AWSError(kind: .service, code: parsed.code, message: redactor.scrub(parsed.message),
                                         status: response.status, requestId: requestId, operation: operation,
                                         retryable: ErrorClassification.isRetryable(code: parsed.code, status: response.status),
                                         throttling: throttling, attempts: attempt))
            } catch {
                let failure = HTTPTransport.failure(error, url: request.url, settings: config.transport, operation: operation,
                                                    attempt: attempt, redactor: redactor)
                debugSink?.failure(failure, redactor: redactor)
                return .failure(failure)
            }
        }
    }

    private func decodeSuccess(_ r: HTTPResponseMessage, requestId: String?, operation: String,
                               attempts: Int) -> Result<AWSResponse, AWSError> {
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
