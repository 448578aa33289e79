/// The retry token bucket of standard mode (botocore's numbers): a client in trouble
/// stops retrying once it has spent its budget, so an outage is not made worse.
public final class RetryQuota: Sendable {
    public static let initialCapacity = 500
    static let retryCost = 5
    static let timeoutRetryCost = 10
    static let noRetryIncrement = 1

    private let available: LockedBox<Int>
    private let maxCapacity: Int

    public init(capacity: Int = RetryQuota.initialCapacity) {
        available = LockedBox(capacity)
        maxCapacity = capacity
    }

    public var availableCapacity: Int { available.withLock { $0 } }

    /// Takes the cost of one retry; nil (and nothing taken) when the budget is spent.
    func acquire(isTimeout: Bool) -> Int? {
        let cost = isTimeout ? Self.timeoutRetryCost : Self.retryCost
        return available.withLock { capacity in
            guard capacity >= cost else { return nil }
            capacity -= cost
            return cost
        }
    }

    /// After a 2xx: give back the last retry's cost, or a small reward for needing none.
    func release(lastRetryCost: Int?) {
        let amount = lastRetryCost ?? Self.noRetryIncrement
        available.withLock { $0 = min($0 + amount, maxCapacity) }
    }
}
