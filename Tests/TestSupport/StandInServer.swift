import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The loopback Cognito stand-in under request-rate quotas
/// (`scripts/testsupport/cognito_standin.py`), started with the test's latency and
/// quota categories, and what it counted.
public final class StandInServer: @unchecked Sendable {
    public struct Category: Sendable {
        public var name: String
        public var rate: Double
        public var burst: Double?
        /// Requests a second another client takes from the same quota.
        public var background: Double
        public var operations: [String]
        public init(_ name: String, rate: Double, burst: Double? = nil, background: Double = 0, operations: [String]) {
            self.name = name
            self.rate = rate
            self.burst = burst
            self.background = background
            self.operations = operations
        }
    }

    /// The published quotas of the three categories bulk jobs use most.
    public static let publishedQuotas = [
        Category("UserRead", rate: 120, operations: ["AdminGetUser"]),
        Category("UserUpdate", rate: 25, operations: ["AdminUpdateUserAttributes"]),
        Category("UserList", rate: 30, operations: ["ListUsers"]),
    ]

    public struct Counts {
        /// Arrival times (seconds) of admitted and throttled requests.
        public var admitted: [Double]
        public var throttled: [Double]
        public var maxInFlight: Int
        /// The most requests that arrived within one second of the clock (1.0–2.0, 2.0–3.0, …).
        public var busiestSecond: Int {
            var perSecond: [Int: Int] = [:]
            for t in admitted + throttled { perSecond[Int(t.rounded(.down)), default: 0] += 1 }
            return perSecond.values.max() ?? 0
        }
    }

    public let port: Int
    private let process: Process
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    public init(latency: Double = 0.05, users: Int = 1000, categories: [Category] = StandInServer.publishedQuotas) throws {
        let python = try RepoPaths.requireVenvPython()
        port = try FreePort.find()
        let config: [String: Any] = [
            "latency": latency, "users": users, "missing_prefix": "missing",
            "categories": Dictionary(uniqueKeysWithValues: categories.map { c in
                (c.name, ["rps": c.rate, "burst": c.burst ?? c.rate, "background": c.background, "operations": c.operations] as [String: Any])
            }),
        ]
        let configPath = NSTemporaryDirectory() + "cogsh-standin-\(port).json"
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [RepoPaths.root + "/scripts/testsupport/cognito_standin.py", String(port), configPath]
        let log = TestLogs.file("standin-\(port).log")
        process.standardOutput = log
        process.standardError = log
        try process.run()
        do {
            try FreePort.waitUntilAnswered(port, by: process, within: 20, name: "the Cognito stand-in")
        } catch {
            stop()
            throw error
        }
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    public struct Stats {
        /// Requests of each operation.
        public var operations: [String: Int]
        /// Operation → Username → times answered (throttled attempts not counted).
        public var answered: [String: [String: Int]]
        public var categories: [String: Counts]
    }

    /// What the stand-in counted since it started or was reset.
    public func stats() throws -> Stats {
        let data = try get("/__stats")
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return Stats(operations: [:], answered: [:], categories: [:]) }
        let operations = json["operations"] as? [String: Int] ?? [:]
        let answered = json["answered"] as? [String: [String: Int]] ?? [:]
        var categories: [String: Counts] = [:]
        for (name, value) in json["categories"] as? [String: [String: Any]] ?? [:] {
            categories[name] = Counts(admitted: value["admitted"] as? [Double] ?? [], throttled: value["throttled"] as? [Double] ?? [],
                                      maxInFlight: value["max_in_flight"] as? Int ?? 0)
        }
        return Stats(operations: operations, answered: answered, categories: categories)
    }

    /// Forgets what was counted and refills the quotas.
    public func reset() throws {
        _ = try get("/__reset")
    }

    private func get(_ path: String) throws -> Data {
        final class Box: @unchecked Sendable { var data: Data?; var error: Error? }
        let box = Box(), done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: URL(string: endpoint + path)!) { data, _, error in
            box.data = data
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        return box.data ?? Data()
    }
}
