import Foundation

/// Client-side pacing for one request-rate quota (a category of one region): turns are
/// handed out evenly spaced at the quota's rate, so a job alone under the quota is never
/// throttled. The turns that fall within one tick of the clock (25 ms) leave together at
/// the tick's start: the service counts requests per second, so this changes nothing it
/// sees, and the requests, their answers and the Lua thread's wake-ups come in batches
/// instead of one by one — each wake-up of an idle thread costs more CPU than a request.
/// A throttle from the service (someone else uses the quota) lowers the rate to 70 %;
/// successes grow it back along a cubic curve that flattens near the rate that drew the
/// throttle and then probes upwards to the ceiling, as the adaptive retry mode's limiter
/// does. One pacer is shared by every client and task of the process that uses the quota.
///
/// It is one of two throttle controllers a call may pass (AWSJSONClient consults both):
/// this one owns the published per-category quota of a region, shared by all clients,
/// and keeps a job under it before the service has to say no; AdaptiveRateLimiter is
/// adaptive retry mode's (botocore's), per client, and only slows that client further
/// once throttles come back anyway. They stay two because their scopes differ (a quota
/// of the region and process vs one client's retry mode) and either works without the
/// other (unpaced operations, standard mode).
public final class QuotaPacer: Sendable {
    struct State {
        /// The next free turn (monotonic seconds).
        var nextSlot: Double = 0
        /// The turn the requests that left so far have used up: a request may leave at
        /// most one tick before it (the virtual-scheduling form of a token bucket).
        var sentUpTo: Double = -.infinity
        /// The fraction of the ceiling in use now, and before the last throttle.
        var share: Double = 1
        var shareBeforeThrottle: Double = 1
        var lastThrottle: Double = -.infinity
        var recovery: Double = 0
    }

    /// After a throttle the share is cut to this fraction.
    static let cut = 0.7
    /// Throttles closer together than this are one event: the requests in flight when
    /// the quota ran out all come back throttled at once.
    static let throttleWindow = 0.5
    /// The cubic's scale, in shares per second³: back to the old share in about 2 s.
    static let growth = 0.04
    static let minimumShare = 0.05
    /// Turns within one tick leave together. 25 ms divides a second, so a second of the
    /// service's clock holds 40 ticks and the turns of exactly one second of the schedule:
    /// never more than the rate in it, whatever the two clocks' offset.
    static let tick = 0.025

    private let state = LockedBox(State())
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async -> Void

    public init(now: @escaping @Sendable () -> Double = RetryEnvironment.live.now,
                sleep: @escaping @Sendable (Double) async -> Void = RetryEnvironment.live.sleep) {
        self.now = now
        self.sleep = sleep
    }

    /// The fraction of the ceiling the pacer allows now (1 until the first throttle).
    public var currentShare: Double { state.withLock { $0.share } }

    /// Waits for this request's turn. `ceiling` is the most requests per second the
    /// caller may send under this quota; the spacing is taken from it, so callers with
    /// different ceilings share one schedule fairly.
    public func acquire(ceiling: Double) async {
        let t = now()
        let wait: Double = state.withLock { s in
            let slot = max(t, s.nextSlot)
            s.nextSlot = slot + 1 / (ceiling * s.share)
            return Self.tickStart(slot) - t
        }
        if wait > 0 { await sleep(wait) }
        // A wake-up that comes late (a busy event loop) must not send this request right
        // behind the ones that left on time: the requests that leave, not the turns
        // handed out, are held to the rate, with one tick's tolerance.
        while true {
            let t = now()
            let more: Double = state.withLock { s in
                let spacing = 1 / (ceiling * s.share)
                let earliest = s.sentUpTo - Self.tick
                guard t >= earliest else { return earliest - t }
                s.sentUpTo = max(t, s.sentUpTo) + spacing
                s.nextSlot = max(s.nextSlot, s.sentUpTo)
                return 0
            }
            if more <= 0 { return }
            await sleep(more)
        }
    }

    /// The start of the tick that holds `time`.
    static func tickStart(_ time: Double) -> Double {
        (time / tick).rounded(.down) * tick
    }

    /// Feeds one answer back: throttled or not.
    public func record(throttled: Bool) {
        let t = now()
        state.withLock { s in
            if throttled {
                guard t - s.lastThrottle >= Self.throttleWindow else { return }
                s.shareBeforeThrottle = s.share
                s.share = max(Self.minimumShare, s.share * Self.cut)
                s.lastThrottle = t
                s.recovery = cbrt(s.shareBeforeThrottle * (1 - Self.cut) / Self.growth)
            } else if s.share < 1 {
                let x = t - s.lastThrottle - s.recovery
                s.share = min(1, max(s.share, Self.growth * x * x * x + s.shareBeforeThrottle))
            }
        }
    }
}

/// The process's pacers, one per quota (region and category).
public final class QuotaPacers: Sendable {
    public static let shared = QuotaPacers()
    private let pacers = LockedBox<[String: QuotaPacer]>([:])

    public init() {}

    /// `scope`: a narrower quota's owner within the category (a user pool), if any.
    public func pacer(region: String, category: String, scope: String? = nil) -> QuotaPacer {
        pacers.withLock { all in
            let key = region + " " + category + (scope.map { " " + $0 } ?? "")
            if let p = all[key] { return p }
            let made = QuotaPacer()
            all[key] = made
            return made
        }
    }
}

/// How one call is paced: the shared pacer of its quota and the caller's ceiling, and
/// a narrower quota inside it where the service has one (Cognito's pool-resource calls:
/// 5 a second per user pool as well as the account's rate).
public struct Pacing: Sendable {
    public let pacer: QuotaPacer
    /// Requests per second this caller may send under the quota.
    public let ceiling: Double
    public let inner: Inner?

    public struct Inner: Sendable {
        public let pacer: QuotaPacer
        public let ceiling: Double
        public init(pacer: QuotaPacer, ceiling: Double) {
            self.pacer = pacer
            self.ceiling = ceiling
        }
    }

    public init(pacer: QuotaPacer, ceiling: Double, inner: Inner? = nil) {
        self.pacer = pacer
        self.ceiling = ceiling
        self.inner = inner
    }

    /// Waits for a turn under both quotas. The narrower one is the last wait before the
    /// request leaves, so its count is of requests sent: a pool never gets more than its
    /// share in a second. (The account's turn is then taken a little early; with one
    /// pool's calls, the usual job, the pool's rate binds and nothing is lost.)
    func acquire() async {
        await pacer.acquire(ceiling: ceiling)
        if let inner { await inner.pacer.acquire(ceiling: inner.ceiling) }
    }

    func record(throttled: Bool) {
        pacer.record(throttled: throttled)
        inner?.pacer.record(throttled: throttled)
    }
}
