/// The standard-mode retry decisions, apart from what one attempt sends: another attempt
/// only for a retryable failure, under `maxAttempts`, while the retry quota has budget,
/// after the jittered exponential backoff. The credential clients (STS, the SSO portal,
/// SSO OIDC) run their attempts through it, so they retry exactly as service calls do.
struct RetryLoop: Sendable {
    let maxAttempts: Int
    let quota: RetryQuota
    let environment: RetryEnvironment

    /// Runs `attempt(n)` for n = 1, 2, … until it succeeds or must not be repeated; the
    /// last failure is returned as it came, marked when the quota stopped the retries.
    func run<T>(_ attempt: (Int) async -> Result<T, AWSError>) async -> Result<T, AWSError> {
        var n = 1
        var lastRetryCost: Int?
        while true {
            switch await attempt(n) {
            case .success(let value):
                quota.release(lastRetryCost: lastRetryCost)
                return .success(value)
            case .failure(var failure):
                guard failure.retryable, n < maxAttempts else { return .failure(failure) }
                guard let cost = quota.acquire(isTimeout: failure.kind == .timeout) else {
                    failure.message += " (not retried: the client's retry quota is spent)"
                    return .failure(failure)
                }
                lastRetryCost = cost
                await environment.sleep(Backoff.delay(afterAttempt: n, random: environment.random()))
                n += 1
            }
        }
    }
}
