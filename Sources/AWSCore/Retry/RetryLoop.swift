/// The standard-mode retry decisions, apart from what one attempt sends: another attempt
/// only for a retryable failure, under `maxAttempts`, while the retry quota has budget,
/// after the jittered exponential backoff. Service calls and the credential clients (STS,
/// the SSO portal, SSO OIDC) run their attempts through it, so they all retry alike.
struct RetryLoop: Sendable {
    let maxAttempts: Int
    let quota: RetryQuota
    let environment: RetryEnvironment

    /// How many times a throttled call is retried when it is paced, whatever the attempt
    /// limit (unless that is 1: no retries at all): a throttled request was not processed,
    /// so sending it again is always safe, and the pacer lowers the rate before it goes.
    static let pacedThrottleRetries = 10

    /// Runs `attempt(n)` for n = 1, 2, … until it succeeds or must not be repeated; the
    /// last failure is returned as it came, marked when the quota stopped the retries.
    /// `paced`: the attempts wait for a pacer, so throttles are retried as said above,
    /// without the retry quota (the pacer, not the quota, keeps them from piling up).
    func run<T>(paced: Bool = false, _ attempt: (Int) async -> Result<T, AWSError>) async -> Result<T, AWSError> {
        var n = 1
        var throttles = 0
        var lastRetryCost: Int?
        while true {
            switch await attempt(n) {
            case .success(let value):
                quota.release(lastRetryCost: lastRetryCost)
                return .success(value)
            case .failure(var failure):
                if paced, failure.throttling, maxAttempts > 1, throttles < Self.pacedThrottleRetries {
                    throttles += 1
                    await environment.sleep(Backoff.delay(afterAttempt: min(throttles, 2), random: environment.random()))
                    n += 1
                    continue
                }
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
