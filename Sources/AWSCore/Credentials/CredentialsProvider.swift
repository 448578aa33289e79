import Foundation

/// The identity behind the credentials, safe to show (`aws.credentials()`).
public struct CredentialsIdentity: Sendable, Equatable {
    /// Where they came from: "environment", "shared-credentials-file profile default",
    /// "credential_process (profile x)", "assume-role (profile x)", "web-identity",
    /// "web-identity (profile x)", "sso (profile x)", "container", "imds", "explicit".
    public let source: String
    public let accessKeyId: String
    public let expiration: Date?
}

/// The credentials chain with its cache: the first source that yields wins and is kept;
/// expiring credentials are fetched again from that source before they run out.
public actor CredentialsProvider {
    private let sources: [any CredentialSource]
    private let now: @Sendable () -> Date
    /// Refresh this long before `Expiration`, so a request never leaves with credentials
    /// that expire in flight (botocore refreshes 15 minutes early; 5 is plenty for one call).
    public let refreshWindow: TimeInterval

    private var cached: (AWSCredentials, String)?
    private var winner: Int?
    private var inFlight: Task<(AWSCredentials, String, Int), Error>?

    public init(sources: [any CredentialSource], refreshWindow: TimeInterval = 300,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.sources = sources
        self.refreshWindow = refreshWindow
        self.now = now
    }

    /// Valid credentials, from the cache when they are not about to expire.
    public func credentials() async throws -> AWSCredentials {
        try await current().0
    }

    public func identity() async throws -> CredentialsIdentity {
        let (c, source) = try await current()
        return CredentialsIdentity(source: source, accessKeyId: c.accessKeyId, expiration: c.expiration)
    }

    private func current() async throws -> (AWSCredentials, String) {
        if let cached, !needsRefresh(cached.0) { return cached }
        // Concurrent callers share one fetch.
        let task: Task<(AWSCredentials, String, Int), Error>
        if let inFlight {
            task = inFlight
        } else {
            let sources = self.sources, winner = self.winner
            task = Task { try await Self.resolve(sources: sources, startingWith: winner) }
            inFlight = task
        }
        do {
            let (c, source, index) = try await task.value
            inFlight = nil
            cached = (c, source)
            winner = index
            return (c, source)
        } catch {
            inFlight = nil
            // A failed refresh is survivable while the old credentials still work.
            if let cached, let exp = cached.0.expiration, exp > now() { return cached }
            throw error
        }
    }

    private func needsRefresh(_ c: AWSCredentials) -> Bool {
        guard let exp = c.expiration else { return false }
        return exp.timeIntervalSince(now()) < refreshWindow
    }

    /// Once a source has won, only it is asked again (as botocore does); the first time,
    /// each is tried in order and the reasons of those that declined are collected.
    private static func resolve(sources: [any CredentialSource], startingWith winner: Int?) async throws -> (AWSCredentials, String, Int) {
        if let winner {
            if case .found(let c, let source) = try await sources[winner].load() { return (c, source, winner) }
            throw AWSError.credentials("the \(sources[winner].name) credentials are no longer available")
        }
        var tried: [String] = []
        for (i, s) in sources.enumerated() {
            switch try await s.load() {
            case .found(let c, let source): return (c, source, i)
            case .notConfigured(let why): tried.append("\(s.name): \(why)")
            }
        }
        throw AWSError.credentials("no AWS credentials found. Sources tried:\n  - " + tried.joined(separator: "\n  - "))
    }
}

/// The credential chains of the process, one per profile and setting: every client of a
/// profile asks the same chain, which caches and refreshes for all of them.
final class CredentialsProviderCache: Sendable {
    static let shared = CredentialsProviderCache()
    private let providers = LockedBox<[String: CredentialsProvider]>([:])

    func provider(for key: String, make: () -> CredentialsProvider) -> CredentialsProvider {
        providers.withLock { all in
            if let p = all[key] { return p }
            let made = make()
            all[key] = made
            return made
        }
    }
}
