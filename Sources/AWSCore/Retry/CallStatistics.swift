/// What the process's calls did, for the run summary and the job progress line:
/// calls per operation, retries, throttled answers, failures by code.
public final class CallStatistics: Sendable {
    public static let shared = CallStatistics()

    public struct Snapshot: Sendable, Equatable {
        public var calls: [String: Int] = [:]
        public var retries = 0
        public var throttles = 0
        public var failures: [String: Int] = [:]
    }

    private let totals = LockedBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { totals.withLock { $0 } }

    /// Throttled answers so far (every attempt counts).
    public var throttles: Int { totals.withLock { $0.throttles } }

    func throttled() { totals.withLock { $0.throttles += 1 } }

    /// One finished call: its operation, the attempts it took and, when it failed, the code.
    func finished(operation: String, attempts: Int, failure code: String?) {
        totals.withLock { t in
            t.calls[operation, default: 0] += 1
            t.retries += max(0, attempts - 1)
            if let code { t.failures[code, default: 0] += 1 }
        }
    }
}
