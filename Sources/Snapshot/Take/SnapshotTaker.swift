import AWSCore
import Cognito
import Dispatch
import Synchronization

/// Takes a snapshot of a user pool (DESIGN.md, "Snapshots"). ListUsers pages come one
/// token after another, so one pagination runs at one page per round trip; the users
/// are split into 16 (or 256) independent paginations by `sub` prefix, all running at
/// once under the UserList quota, which the invoker's pacing keeps. Groups come from
/// ListGroups and one ListUsersInGroup pagination per group (never one call per user),
/// the pool's configuration from its Describe/List/Get calls, and with `details` one
/// AdminGetUser per user, paced on its own quota while the listing goes on.
public final class SnapshotTaker: Sendable {
    public let request: SnapshotRequest
    let calls: PoolCalls
    let shouldStop: @Sendable () -> Bool
    /// Users stored so far (this run and, when going on, the runs before), for progress.
    public let usersStored = Atomic<Int>(0)
    /// The estimate DescribeUserPool gave, once known (-1 before).
    public let estimatedUsers = Atomic<Int>(-1)
    /// Users whose details (AdminGetUser) are in, and whether details are taken at all
    /// (then they, the slower part, are what progress counts).
    public let detailsStored = Atomic<Int>(0)
    public let takingDetails = Atomic<Bool>(false)

    /// `shouldStop` is asked before each call: a stop (Ctrl-C) lets the calls in flight
    /// finish and be stored, and the snapshot stays incomplete for the next run.
    public init(invoker: CognitoInvoker, request: SnapshotRequest, shouldStop: @escaping @Sendable () -> Bool) {
        self.request = request
        self.calls = PoolCalls(invoker: invoker)
        self.shouldStop = shouldStop
    }

    private var pool: String { request.poolId }

    private func stopping() -> Bool { shouldStop() || Task.isCancelled }

    public func run() async throws(AWSError) -> SnapshotSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        let region = try await calls.region()
        let target = try TakeTarget.choose(request, region: region)
        // A missing pool is the service's error, before any file is made.
        let userPool = try await calls.call("DescribeUserPool", ["UserPoolId": .string(pool)])["UserPool"] ?? .object([:])
        let estimate = userPool["EstimatedNumberOfUsers"]?.number.map { Int($0) }
        estimatedUsers.store(estimate ?? -1, ordering: .relaxed)

        let store = try SnapshotStore(path: target.workPath)
        if target.resumed == nil {
            let shards = request.shards ?? ((estimate ?? 0) > SnapshotRequest.largePool ? 256 : 16)
            let attributes = userPool["UsernameAttributes"] ?? .array([])
            try store.create(meta: [
                "format": SnapshotSchema.format, "pool_id": pool, "region": region, "started_at": UTCTime.now(),
                "complete": "0", "shards": String(shards), "details": request.details ? "1" : "0",
                "username_attributes": String(decoding: (try? JSONCodec.encode(attributes)) ?? Array("[]".utf8), as: UTF8.self),
            ])
        }
        var meta = try store.meta()
        var metaUpdate = ["estimated_users": estimate.map(String.init) ?? ""]
        if request.details && !meta.details { metaUpdate["details"] = "1" }
        try store.setMeta(metaUpdate)
        meta = try store.meta()
        let shards = meta.shards, details = meta.details
        takingDetails.store(details, ordering: .relaxed)
        if details { detailsStored.store(try store.count("SELECT count(*) FROM details_taken"), ordering: .relaxed) }
        try await store.storeConfig(kind: "user_pool", name: pool, json: userPool)
        usersStored.store(try store.count("SELECT count(*) FROM users"), ordering: .relaxed)

        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.takeConfig(userPool, store) }
                group.addTask { try await self.takeGroups(store) }
                let feed = details ? DetailFeed() : nil
                group.addTask { try await self.takeUsers(store, shards: shards, feed: feed) }
                if let feed {
                    await feed.add(try store.pendingDetails())
                    for _ in 0..<Self.detailWorkers { group.addTask { try await self.takeDetails(store, feed: feed) } }
                }
                try await group.waitForAll()
            }
        } catch {
            throw SnapshotFile.error(target.workPath, error)
        }

        let finished = try allDone(store, details: details)
        let complete = !stopping() && finished
        let users = try store.count("SELECT count(*) FROM users")
        var summary = SnapshotSummary(
            file: request.file, poolId: pool, region: region, users: users,
            groups: try store.count("SELECT count(*) FROM groups"),
            memberships: try store.count("SELECT count(*) FROM memberships"), calls: calls.count,
            elapsed: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, complete: complete,
            resumed: target.resumed != nil, estimatedUsers: estimate)
        if complete {
            try store.finish(meta: ["complete": "1", "users": String(users), "finished_at": UTCTime.now()])
        }
        try store.close()
        if complete, let replaced = target.replaces {
            try SnapshotFile.replace(replaced, with: target.workPath)
        } else if !complete {
            summary.file = target.workPath
        }
        return summary
    }

    static let detailWorkers = 16

    private func allDone(_ store: SnapshotStore, details: Bool) throws(AWSError) -> Bool {
        let open = try store.count("SELECT count(*) FROM progress WHERE done = 0")
        let detailsLeft = details ? try store.pendingDetails().count : 0
        return open == 0 && detailsLeft == 0
    }

    // MARK: Users

    /// The `sub` prefixes the users are listed by: 0–f, or 00–ff for large pools.
    static func prefixes(_ shards: Int) -> [String] {
        let digits = Array("0123456789abcdef")
        if shards <= 16 { return digits.map { String($0) } }
        return digits.flatMap { a in digits.map { b in String([a, b]) } }
    }

    private func takeUsers(_ store: SnapshotStore, shards: Int, feed: DetailFeed?) async throws {
        let progress = try store.progress("shard")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for prefix in Self.prefixes(shards) where progress[prefix]?.done != true {
                group.addTask { try await self.takeShard(prefix, from: progress[prefix]?.token, store, feed: feed) }
            }
            try await group.waitForAll()
        }
        await feed?.close()
    }

    private func takeShard(_ prefix: String, from token: String?, _ store: SnapshotStore, feed: DetailFeed?) async throws(AWSError) {
        let params: [String: JSONValue] = ["UserPoolId": .string(pool), "Filter": .string("sub ^= \"\(prefix)\""), "Limit": .int(60)]
        try await calls.pages("ListUsers", params, from: token, stop: stopping) { answer, next async throws(AWSError) in
            var users: [UserRecord] = []
            if case .array(let items)? = answer["Users"] { users = items.compactMap(UserRecord.init(json:)) }
            try await store.storeUsers(users, shard: prefix, next: next)
            usersStored.add(users.count, ordering: .relaxed)
            await feed?.add(users.map(\.username))
        }
    }

    private func takeDetails(_ store: SnapshotStore, feed: DetailFeed) async throws(AWSError) {
        while !stopping(), let username = await feed.next() {
            do {
                let answer = try await calls.call("AdminGetUser", ["UserPoolId": .string(pool), "Username": .string(username)])
                try await store.storeDetails(UserRecord(json: answer), username: username)
            } catch where error.code == "UserNotFoundException" || error.code == LocalErrorCode.validation.rawValue {
                // Deleted since it was listed, or a username no call can name: no details.
                try await store.storeDetails(nil, username: username)
            }
            detailsStored.add(1, ordering: .relaxed)
        }
    }

    // MARK: Groups and memberships

    private func takeGroups(_ store: SnapshotStore) async throws(AWSError) {
        let listing = try store.progress("groups")["all"]
        if listing?.done != true {
            try await calls.pages("ListGroups", ["UserPoolId": .string(pool), "Limit": .int(60)], from: listing?.token,
                                  stop: stopping) { answer, next async throws(AWSError) in
                var groups: [GroupRecord] = []
                if case .array(let items)? = answer["Groups"] { groups = items.compactMap(GroupRecord.init(json:)) }
                try await store.storeGroups(groups, next: next)
            }
        }
        if stopping() { return }
        let members = try store.progress("group").filter { !$0.value.done }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (name, progress) in members {
                    group.addTask { try await self.takeMembers(of: name, from: progress.token, store) }
                }
                try await group.waitForAll()
            }
        } catch {
            throw error as? AWSError ?? SnapshotFile.error(store.path, error)
        }
    }

    private func takeMembers(of group: String, from token: String?, _ store: SnapshotStore) async throws(AWSError) {
        let params: [String: JSONValue] = ["UserPoolId": .string(pool), "GroupName": .string(group), "Limit": .int(60)]
        try await calls.pages("ListUsersInGroup", params, from: token, stop: stopping) { answer, next async throws(AWSError) in
            var names: [String] = []
            if case .array(let items)? = answer["Users"] { names = items.compactMap { $0["Username"]?.stringValue } }
            try await store.storeMembers(names, group: group, next: next)
        }
    }

    // MARK: Configuration

    private func takeConfig(_ userPool: JSONValue, _ store: SnapshotStore) async throws(AWSError) {
        if try store.progress("config")["all"]?.done == true || stopping() { return }
        let poolParam: [String: JSONValue] = ["UserPoolId": .string(pool)]
        try await store.storeConfig(kind: "mfa_config", name: pool, json: try await calls.call("GetUserPoolMfaConfig", poolParam))
        try await each("ListUserPoolClients", poolParam.merging(["MaxResults": .int(60)]) { $1 }, key: "UserPoolClients") { (c: JSONValue) async throws(AWSError) in
            guard let id = c["ClientId"]?.stringValue else { return }
            var client = try await self.calls.call("DescribeUserPoolClient", poolParam.merging(["ClientId": .string(id)]) { $1 })["UserPoolClient"] ?? c
            if case .object(var o) = client { o["ClientSecret"] = nil; client = .object(o) }   // never stored
            try await store.storeConfig(kind: "client", name: id, json: client)
        }
        try await each("ListIdentityProviders", poolParam.merging(["MaxResults": .int(60)]) { $1 }, key: "Providers") { (p: JSONValue) async throws(AWSError) in
            guard let name = p["ProviderName"]?.stringValue else { return }
            let provider = try await self.calls.call("DescribeIdentityProvider", poolParam.merging(["ProviderName": .string(name)]) { $1 })
            try await store.storeConfig(kind: "identity_provider", name: name, json: Self.withoutSecrets(provider["IdentityProvider"] ?? p))
        }
        try await each("ListResourceServers", poolParam.merging(["MaxResults": .int(50)]) { $1 }, key: "ResourceServers") { (r: JSONValue) async throws(AWSError) in
            guard let id = r["Identifier"]?.stringValue else { return }
            try await store.storeConfig(kind: "resource_server", name: id, json: r)
        }
        for key in ["Domain", "CustomDomain"] {
            guard let domain = userPool[key]?.stringValue, !domain.isEmpty else { continue }
            let described = try await calls.call("DescribeUserPoolDomain", ["Domain": .string(domain)])
            try await store.storeConfig(kind: "domain", name: domain, json: described["DomainDescription"] ?? described)
        }
        if !stopping() { try await store.markDone("config", "all") }
    }

    /// An identity provider's settings without its secrets (an OIDC or social client
    /// secret, Apple's private key): a snapshot holds personal data, never credentials.
    static func withoutSecrets(_ provider: JSONValue) -> JSONValue {
        guard case .object(var o) = provider, case .object(var details)? = o["ProviderDetails"] else { return provider }
        for key in details.keys where key.lowercased().contains("secret") || key.lowercased().contains("private_key") {
            details[key] = nil
        }
        o["ProviderDetails"] = .object(details)
        return .object(o)
    }

    /// Calls `body` for every item of every page (the configuration's short lists).
    private func each(_ operation: String, _ params: [String: JSONValue], key: String,
                      _ body: @escaping (JSONValue) async throws(AWSError) -> Void) async throws(AWSError) {
        try await calls.pages(operation, params, stop: stopping) { answer, _ async throws(AWSError) in
            guard case .array(let items)? = answer[key] else { return }
            for item in items where !stopping() { try await body(item) }
        }
    }
}
