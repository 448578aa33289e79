import Foundation

/// `standard` retries with jittered exponential backoff under a retry quota; `adaptive`
/// adds a client-side rate limiter once the service starts throttling.
public enum RetryMode: String, Sendable, CaseIterable {
    case standard
    case adaptive

    /// `legacy` (botocore's old default) is read as standard: it only differs in delays.
    public init?(configValue: String) {
        switch configValue.lowercased() {
        case "standard", "legacy": self = .standard
        case "adaptive": self = .adaptive
        default: return nil
        }
    }
}

/// Randomness and sleeping, injectable so tests run retries in virtual time.
public struct RetryEnvironment: Sendable {
    /// Uniform in [0, 1).
    public var random: @Sendable () -> Double
    /// Sleeps for the given seconds.
    public var sleep: @Sendable (Double) async -> Void
    /// A monotonic clock in seconds, for the adaptive rate limiter.
    public var now: @Sendable () -> Double

    public init(random: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) async -> Void,
                now: @escaping @Sendable () -> Double) {
        self.random = random
        self.sleep = sleep
        self.now = now
    }

    public static let live = RetryEnvironment(
        random: { Double.random(in: 0..<1) },
        sleep: { seconds in await EventLoopTaskExecutor.shared.sleep(seconds: seconds) },
        now: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
}

/// Standard-mode backoff: random(0,1) × min(2^(attempt−1), 20) seconds after attempt `attempt` failed.
enum Backoff {
    static let maxBackoff = 20.0

    static func delay(afterAttempt attempt: Int, random: Double) -> Double {
        random * min(pow(2.0, Double(attempt - 1)), maxBackoff)
    }
}
