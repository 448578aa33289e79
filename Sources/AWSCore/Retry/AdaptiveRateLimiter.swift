import Foundation

/// Client-side pacing for adaptive retry mode, after botocore's: a token bucket whose
/// fill rate follows CUBIC congestion control. Off until the first throttle; then each
/// throttle cuts the rate to 70 % of what was being sent, and successes grow it back along
/// a cubic curve that flattens near the rate that last drew a throttle.
///
/// One per client in adaptive mode, on top of QuotaPacer (AWSJSONClient consults both):
/// the pacer owns the published per-category quota shared by every client of a region;
/// this limiter owns only what retry mode `adaptive` promises a client, as botocore does,
/// whether or not the operation has a quota to pace.
public final class AdaptiveRateLimiter: Sendable {
    struct State {
        var enabled = false
        // Token bucket
        var fillRate: Double
        var maxCapacity: Double = 1
        var capacity: Double = 0
        var lastRefill: Double?
        // Measured send rate (requests per second, smoothed over half-second buckets)
        var measuredRate: Double = 0
        var lastBucket: Double
        var count: Double = 0
        // CUBIC
        var wMax: Double
        var k: Double = 0
        var lastFailure: Double
    }

    static let minRate = 0.5
    static let startingMaxRate = 0.5
    static let beta = 0.7
    static let scale = 0.4
    static let smoothing = 0.8
    static let bucketSeconds = 0.5
    static let maxRateAdjustScale = 2.0

    private let state: LockedBox<State>
    private let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
        let t = now()
        var s = State(fillRate: Self.startingMaxRate, lastBucket: t.rounded(.down), wMax: Self.startingMaxRate, lastFailure: t)
        s.k = Self.zeroPoint(wMax: s.wMax)
        state = LockedBox(s)
    }

    /// Whether a throttle has switched pacing on.
    public var isEnabled: Bool { state.withLock { $0.enabled } }
    /// The rate (requests/s) the bucket currently allows.
    public var currentRate: Double { state.withLock { $0.fillRate } }
    public var measuredRate: Double { state.withLock { $0.measuredRate } }

    /// Waits for a send token when pacing is on; returns at once otherwise.
    public func acquire(sleep: @Sendable (Double) async -> Void) async {
        while true {
            let wait: Double = state.withLock { s in
                guard s.enabled else { return 0 }
                Self.refill(&s, at: now())
                // The tolerance absorbs rounding: after sleeping exactly the computed time the
                // bucket may hold 0.9999999 tokens, and a clock cannot advance by 1e-16 s.
                if s.capacity >= 1 - 1e-6 {
                    s.capacity = max(0, s.capacity - 1)
                    return 0
                }
                return (1 - s.capacity) / s.fillRate
            }
            if wait <= 0 { return }
            await sleep(wait)
        }
    }

    /// Feeds one response back: throttled or not.
    public func record(throttled: Bool) {
        let t = now()
        state.withLock { s in
            Self.clock(&s, at: t)
            let newRate: Double
            if throttled {
                let rateToUse = s.enabled ? min(s.measuredRate, s.fillRate) : s.measuredRate
                s.wMax = rateToUse
                s.k = Self.zeroPoint(wMax: rateToUse)
                s.lastFailure = t
                newRate = rateToUse * Self.beta
                s.enabled = true
            } else {
                newRate = Self.scale * pow(t - s.lastFailure - s.k, 3) + s.wMax
            }
            Self.setMaxRate(&s, min(newRate, Self.maxRateAdjustScale * s.measuredRate), at: t)
        }
    }

    private static func zeroPoint(wMax: Double) -> Double {
        cbrt(wMax * (1 - beta) / scale)
    }

    private static func clock(_ s: inout State, at t: Double) {
        let bucket = (t / bucketSeconds).rounded(.down) * bucketSeconds
        s.count += 1
        if bucket > s.lastBucket {
            let current = s.count / (bucket - s.lastBucket)
            s.measuredRate = current * smoothing + s.measuredRate * (1 - smoothing)
            s.count = 0
            s.lastBucket = bucket
        }
    }

    private static func refill(_ s: inout State, at t: Double) {
        guard let last = s.lastRefill else {
            s.lastRefill = t
            return
        }
        s.capacity = min(s.maxCapacity, s.capacity + (t - last) * s.fillRate)
        s.lastRefill = t
    }

    private static func setMaxRate(_ s: inout State, _ value: Double, at t: Double) {
        refill(&s, at: t)
        s.fillRate = max(value, minRate)
        s.maxCapacity = max(value, 1)
        s.capacity = min(s.capacity, s.maxCapacity)
    }
}
