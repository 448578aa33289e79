import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
/// The loopback Cognito stand-in (`scripts/testsupport/cognito_standin.py`, whose
/// docstring documents the config, the pool specs and the admin endpoints), started with
/// the test's latency, quota categories and pools, and what it counted and holds.
public final class StandInServer: @unchecked Sendable {
    public struct Category: Sendable {
        public var name: String
        public var rate: Double
        public var burst: Double?
        /// Requests a second another client takes from the same quota.
        public var background: Double
        /// Each user pool's own rate in this category besides the account's (the quotas
        /// page: 5 a second per pool for UserPoolResourceRead and UserPoolResourceUpdate).
        public var perPoolRate: Double?
        public var operations: [String]
        public init(_ name: String, rate: Double, burst: Double? = nil, background: Double = 0, perPoolRate: Double? = nil,
                    operations: [String]) {
            self.name = name
            self.rate = rate
            self.burst = burst
            self.background = background
            self.perPoolRate = perPoolRate
            self.operations = operations
        }

        var json: [String: Any] {
            var spec: [String: Any] = ["rps": rate, "burst": burst ?? rate, "background": background, "operations": operations]
            if let perPoolRate { spec["per_pool_rps"] = perPoolRate }
            return spec
        }
    }

    /// The published quotas of the three categories bulk jobs use most.
    public static let publishedQuotas = [
        Category("UserRead", rate: 120, operations: ["AdminGetUser"]),
        Category("UserUpdate", rate: 25, operations: ["AdminUpdateUserAttributes"]),
        Category("UserList", rate: 30, operations: ["ListUsers"]),
    ]

    /// A pool the stand-in holds: the keys of a SPEC (see cognito_standin.py), with the
    /// common ones as parameters and any other through `extra` or the subscript.
    public struct PoolSpec {
        public var fields: [String: Any]
        public init(id: String, name: String? = nil, users: Int = 0, seed: Int = 0, groups: Int = 0,
                    customAttributes: [String] = [], usernameAttributes: [String]? = nil, mfaConfiguration: String = "OFF",
                    extra: [String: Any] = [:]) {
            fields = ["id": id, "name": name ?? id, "users": users, "seed": seed, "groups": groups,
                      "custom_attributes": customAttributes, "mfa_configuration": mfaConfiguration]
            if let usernameAttributes { fields["username_attributes"] = usernameAttributes }
            fields.merge(extra) { $1 }
        }
        public subscript(key: String) -> Any? {
            get { fields[key] }
            set { fields[key] = newValue }
        }
    }

    public struct Counts {
        /// Arrival times (seconds) of admitted and throttled requests.
        public var admitted: [Double]
        public var throttled: [Double]
        public var maxInFlight: Int
        /// Pool id → its own counts, in a category with a per-pool rate.
        public var pools: [String: Counts] = [:]
        /// The most requests that arrived within one second of the clock (1.0–2.0, 2.0–3.0, …).
        public var busiestSecond: Int {
            var perSecond: [Int: Int] = [:]
            for t in admitted + throttled { perSecond[Int(t.rounded(.down)), default: 0] += 1 }
            return perSecond.values.max() ?? 0
        }

        init(_ json: [String: Any]) {
            admitted = json["admitted"] as? [Double] ?? []
            throttled = json["throttled"] as? [Double] ?? []
            maxInFlight = json["max_in_flight"] as? Int ?? 0
            for (id, value) in json["pools"] as? [String: [String: Any]] ?? [:] { pools[id] = Counts(value) }
        }
    }

    private let peer: LoopbackPeer
    public var port: Int { peer.port }
    public var endpoint: String { peer.endpoint }

    /// `pools` are seeded before the stand-in answers; with `strictPools` an undeclared
    /// pool id gets ResourceNotFoundException instead of the synthetic pool of `users` users.
    public init(latency: Double = 0.05, users: Int = 1000, categories: [Category] = StandInServer.publishedQuotas,
                pools: [PoolSpec] = [], strictPools: Bool = false) throws {
        let python = try RepoPaths.requireVenvPython()
        let config: [String: Any] = [
            "latency": latency, "users": users, "missing_prefix": "missing", "strict_pools": strictPools,
            "categories": Dictionary(uniqueKeysWithValues: categories.map { ($0.name, $0.json) }),
            "pools": pools.map(\.fields),
        ]
        let configPath = NSTemporaryDirectory() + "cogsh-standin-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        defer { try? FileManager.default.removeItem(atPath: configPath) }
        // A pool of 100,000 users takes a few seconds to generate before the port opens.
        peer = try LoopbackPeer(name: "the Cognito stand-in", logPrefix: "standin", executable: python,
                                startupTimeout: pools.isEmpty ? 20 : 60) { port in
            [RepoPaths.root + "/scripts/testsupport/cognito_standin.py", String(port), configPath]
        }
    }

    public func stop() { peer.stop() }

    public struct Stats {
        /// Requests of each operation.
        public var operations: [String: Int]
        /// Operation → Username → times answered (throttled attempts not counted).
        public var answered: [String: [String: Int]]
        public var categories: [String: Counts]
    }

    /// What the stand-in counted since it started or was reset.
    public func stats() throws -> Stats {
        let json = try object(send("GET", "/__stats"))
        let categories = (json["categories"] as? [String: [String: Any]] ?? [:]).mapValues(Counts.init)
        return Stats(operations: json["operations"] as? [String: Int] ?? [:],
                     answered: json["answered"] as? [String: [String: Int]] ?? [:], categories: categories)
    }

    /// Forgets what was counted and the requests recorded, and refills the quotas.
    public func reset() throws {
        _ = try send("GET", "/__reset")
    }

    // ---------------------------------------------------------------- pools and ground truth

    /// Adds (or replaces) a pool while the stand-in runs; returns its id and sizes.
    @discardableResult
    public func seed(_ spec: PoolSpec) throws -> (id: String, users: Int, groups: Int) {
        let json = try object(send("POST", "/__seed", body: spec.fields))
        return (json["id"] as? String ?? "", json["users"] as? Int ?? 0, json["groups"] as? Int ?? 0)
    }

    /// A user as the stand-in holds it.
    public struct DumpedUser: Equatable, Sendable {
        public var username: String
        public var sub: String
        public var status: String
        public var enabled: Bool
        public var created: Double
        public var modified: Double
        public var attributes: [String: String]
        public var groups: [String]
        public var mfaOptions: [[String: String]]
        public var mfaSettings: [String]
        public var preferredMfa: String?
    }

    public struct DumpedGroup: Equatable, Sendable {
        public var name: String
        public var description: String?
        public var precedence: Int?
        public var roleArn: String?
    }

    /// A whole pool: users (by username), groups, and the configuration as the
    /// Describe*/List* calls answer it (`userPool` is DescribeUserPool's UserPool).
    public struct PoolDump {
        public var users: [DumpedUser]
        public var groups: [DumpedGroup]
        public var userPool: [String: Any]
        /// The whole answer of /__dump (mfa_config, clients, identity_providers, …).
        public var raw: [String: Any]
        public var usersByName: [String: DumpedUser] { Dictionary(uniqueKeysWithValues: users.map { ($0.username, $0) }) }
    }

    public func dump(pool: String) throws -> PoolDump {
        let query = pool.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? pool
        let json = try object(send("GET", "/__dump?pool=" + query))
        let users = (json["users"] as? [[String: Any]] ?? []).map { u in
            DumpedUser(username: u["Username"] as? String ?? "", sub: u["sub"] as? String ?? "",
                       status: u["UserStatus"] as? String ?? "", enabled: u["Enabled"] as? Bool ?? false,
                       created: (u["UserCreateDate"] as? NSNumber)?.doubleValue ?? 0,
                       modified: (u["UserLastModifiedDate"] as? NSNumber)?.doubleValue ?? 0,
                       attributes: u["Attributes"] as? [String: String] ?? [:], groups: u["Groups"] as? [String] ?? [],
                       mfaOptions: u["MFAOptions"] as? [[String: String]] ?? [], mfaSettings: u["UserMFASettingList"] as? [String] ?? [],
                       preferredMfa: u["PreferredMfaSetting"] as? String)
        }
        let groups = (json["groups"] as? [[String: Any]] ?? []).map { g in
            DumpedGroup(name: g["GroupName"] as? String ?? "", description: g["Description"] as? String,
                        precedence: g["Precedence"] as? Int, roleArn: g["RoleArn"] as? String)
        }
        return PoolDump(users: users, groups: groups, userPool: json["pool"] as? [String: Any] ?? [:], raw: json)
    }

    /// The bodies of the admitted requests of an operation (every operation's with nil),
    /// in arrival order: what a test checks MessageAction or ClientMetadata in.
    public func requests(operation: String? = nil) throws -> [[String: Any]] {
        let path = "/__requests" + (operation.map { "?op=" + $0 } ?? "")
        return (try object(send("GET", path))["requests"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? [String: Any] }
    }

    /// What STS GetCallerIdentity answers from now on.
    public func setIdentity(account: String, arn: String? = nil, userId: String? = nil) throws {
        var body: [String: Any] = ["account": account]
        if let arn { body["arn"] = arn }
        if let userId { body["user_id"] = userId }
        _ = try send("POST", "/__identity", body: body)
    }

    public struct AdminError: Error, CustomStringConvertible {
        public let description: String
    }

    private func object(_ data: Data) throws -> [String: Any] {
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AdminError(description: "the stand-in answered no JSON object")
        }
        return json
    }

    private func send(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> Data {
        final class Box: @unchecked Sendable { var data: Data?; var status = 0; var error: Error? }
        var request = URLRequest(url: URL(string: endpoint + path)!)
        request.httpMethod = method
        request.timeoutInterval = 120
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        let box = Box(), done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.data = data
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        guard box.status == 200 else {
            throw AdminError(description: "\(method) \(path): HTTP \(box.status) \(String(decoding: box.data ?? Data(), as: UTF8.self))")
        }
        return box.data ?? Data()
    }
}
