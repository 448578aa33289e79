/// How fast a client may call under each quota: the published rate of every category
/// unless the account's is known to differ (`--rate UserUpdate=50`), times the share
/// left to this job (`--rate-share 0.5` leaves half to the production application).
/// cogsh aims a little under the result, so that jitter in the network never makes
/// the service count more than the quota in any second.
public struct QuotaRates: Sendable, Equatable {
    public var rates: [String: Double]
    public var share: Double

    /// The fraction of a quota aimed at.
    public static let headroom = 0.97
    /// Bounds of an explicit rate: anything faster is no quota a service would grant.
    public static let maximumRate = 100_000.0

    public init(rates: [String: Double] = [:], share: Double = 1) {
        self.rates = rates
        self.share = share
    }

    /// Requests per second a call of `category` may be sent at.
    public func ceiling(for category: QuotaCategories.Category) -> Double {
        (rates[category.name] ?? category.rate) * share * Self.headroom
    }

    /// Requests per second a call of `category` may be sent at against one user pool,
    /// where the category has a per-pool limit (the share applies; --rate does not: it
    /// raises the account's quota, not the pool's).
    public func poolCeiling(for category: QuotaCategories.Category) -> Double? {
        category.perPoolRate.map { $0 * share * Self.headroom }
    }

    /// Checks one `CATEGORY=RPS` setting; the message names the valid categories.
    public static func check(category: String, rate: Double) -> String? {
        guard QuotaCategories.named(category) != nil else {
            return "unknown quota category \(category)" + Suggestion.phrase(for: category, among: QuotaCategories.names)
                + " (the categories: \(QuotaCategories.names.joined(separator: ", ")))"
        }
        guard rate > 0, rate <= maximumRate, rate.isFinite else {
            return "the rate for \(category) must be more than 0 and at most \(Int(maximumRate)) requests a second, got \(rate)"
        }
        return nil
    }

    public static func check(share: Double) -> String? {
        share > 0 && share <= 1 ? nil : "the rate share must be more than 0 and at most 1, got \(share)"
    }
}
