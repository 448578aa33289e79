import Foundation
import TestSupport
import XCTest

/// Two snapshots of one stand-in pool whose shape the report tests know user by user:
/// `old` (without details) and `new` (with --details), the pool re-seeded between them
/// with a user added, one removed and two changed. Dates are seeded (the stand-in keeps
/// them), some relative to now so the 30-day checks have users on both sides.
struct ReportFixture {
    static let pool = "us-east-1_Report1"
    /// A username no browser may ever turn into an element (Cognito usernames hold no space).
    static let hostileName = "<img/src=x/onerror=alert(1)>"
    /// In e-mail addresses, which may hold spaces: two of them, equal when case is folded.
    static let hostileEmail = "<img src=x onerror=alert(1)>@example.com"

    let dir: String
    let old: String
    let new: String
    /// The users of the newer snapshot, as seeded.
    let users: [[String: Any]]

    var created: [Double] { users.compactMap { $0["UserCreateDate"] as? Double } }

    /// "YYYY-MM" (UTC) of every month from the first account's to the last's, and how many
    /// accounts each saw: the bars the monthly chart must have.
    var months: [(month: String, count: Int)] {
        let counts = Dictionary(grouping: created.map(Self.month), by: { $0 }).mapValues(\.count)
        guard let first = counts.keys.min(), let last = counts.keys.max() else { return [] }
        var (y, m) = (Int(first.prefix(4))!, Int(first.suffix(2))!)
        var result: [(String, Int)] = []
        while String(format: "%04d-%02d", y, m) <= last {
            let key = String(format: "%04d-%02d", y, m)
            result.append((key, counts[key] ?? 0))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return result
    }

    static func month(_ t: Double) -> String {
        var time = time_t(t), parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1)
    }

    static func utc(_ y: Int, _ m: Int, _ d: Int) -> Double {
        var parts = tm()
        parts.tm_year = Int32(y - 1900); parts.tm_mon = Int32(m - 1); parts.tm_mday = Int32(d); parts.tm_hour = 12
        return Double(timegm(&parts))
    }

    static func user(_ name: String, _ n: Int, status: String = "CONFIRMED", enabled: Bool = true, created: Double,
                     attributes: [String: String] = [:], groups: [String] = [], mfa: [String: Any] = [:]) -> [String: Any] {
        var u: [String: Any] = ["Username": name, "sub": String(format: "00000000-0000-4000-8000-%012d", n), "UserStatus": status,
                                "Enabled": enabled, "UserCreateDate": created, "UserLastModifiedDate": created,
                                "Attributes": attributes, "Groups": groups]
        u.merge(mfa) { $1 }
        return u
    }

    /// The newer pool: 11 users, 6 CONFIRMED, 2 UNCONFIRMED (one 40 days old), 2
    /// FORCE_CHANGE_PASSWORD (one 60 days old), 1 RESET_REQUIRED; 2 disabled, both in groups;
    /// MFA: one TOTP, one SMS; two e-mail addresses held twice in other letter case.
    static func newUsers(now: Double) -> [[String: Any]] {
        let day = 86400.0
        return [
            user("alice", 1, created: utc(2025, 1, 10), attributes: ["email": "alice@example.com", "email_verified": "true",
                 "given_name": "Alice", "custom:tier": "gold"], groups: ["admins"],
                 mfa: ["UserMFASettingList": ["SOFTWARE_TOKEN_MFA"], "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA"]),
            user("bob", 2, created: utc(2025, 1, 20), attributes: ["email": "Alice@Example.COM", "phone_number": "+15550000002",
                 "phone_number_verified": "true"], groups: ["staff"],
                 mfa: ["MFAOptions": [["DeliveryMedium": "SMS", "AttributeName": "phone_number"]],
                       "UserMFASettingList": ["SMS_MFA"], "PreferredMfaSetting": "SMS_MFA"]),
            user("carol", 3, enabled: false, created: utc(2025, 3, 5), attributes: ["email": "carol@example.com",
                 "email_verified": "false"], groups: ["admins", "staff"]),
            user(hostileName, 4, enabled: false, created: utc(2025, 3, 15), attributes: ["email": hostileEmail], groups: ["staff"]),
            user("mallory", 5, created: utc(2025, 3, 20), attributes: ["email": "<IMG SRC=x ONERROR=alert(1)>@Example.com"]),
            user("dave", 6, status: "UNCONFIRMED", created: now - 40 * day, attributes: ["email": "dave@example.com"]),
            user("erin", 7, status: "UNCONFIRMED", created: now - 5 * day, attributes: ["email": "erin@example.com"]),
            user("frank", 8, status: "FORCE_CHANGE_PASSWORD", created: now - 60 * day),
            user("grace", 9, status: "FORCE_CHANGE_PASSWORD", created: now - 2 * day),
            user("heidi", 10, status: "RESET_REQUIRED", created: utc(2025, 5, 1), attributes: ["email": "heidi@example.com"]),
            user("ivan", 11, created: utc(2025, 5, 2), attributes: ["email": "ivan@example.com"]),
        ]
    }

    /// The older pool: no ivan, a judy since removed; alice's given_name and tier, and bob
    /// (disabled then) are what changed.
    static func oldUsers(now: Double) -> [[String: Any]] {
        var users = newUsers(now: now).filter { $0["Username"] as? String != "ivan" }
        users[0]["Attributes"] = ["email": "alice@example.com", "email_verified": "true", "given_name": "Al"]
        users[1]["Enabled"] = false
        users.append(user("judy", 12, created: utc(2025, 2, 1), attributes: ["email": "judy@example.com"]))
        return users
    }

    static func spec(_ users: [[String: Any]]) -> StandInServer.PoolSpec {
        StandInServer.PoolSpec(id: pool, customAttributes: ["tier"], mfaConfiguration: "OPTIONAL",
                               extra: ["user_list": users, "group_list": [["GroupName": "admins"], ["GroupName": "staff"]]])
    }

    struct SetupFailure: Error, CustomStringConvertible { let description: String }

    nonisolated(unsafe) private static var made: Result<ReportFixture, Error>?

    /// The snapshots, taken once for all the report tests (a skip or failure repeats).
    static func shared() throws -> ReportFixture {
        if made == nil { made = Result { try make() } }
        return try made!.get()
    }

    static func removeShared() {
        if case .success(let f)? = made { try? FileManager.default.removeItem(atPath: f.dir) }
        made = nil
    }

    private static func make() throws -> ReportFixture {
        let now = Date().timeIntervalSince1970
        let dir = NSTemporaryDirectory() + "cogsh-report-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let standIn = try StandInServer(latency: 0, pools: [spec(oldUsers(now: now))], strictPools: true)
        defer { standIn.stop() }
        func backup(_ file: String, _ extra: [String]) throws {
            let r = try cogsh(["--endpoint-url", standIn.endpoint] + Unpaced.arguments + ["-m", "backup", pool, file] + extra,
                              environment: TestSecrets.environment(), limit: 120)
            guard r.status == 0 else { throw SetupFailure(description: "backup \(file): exit \(r.status): \(r.stderr)") }
        }
        try backup(dir + "/old.sqlite", [])
        let users = newUsers(now: now)
        try standIn.seed(spec(users))
        try backup(dir + "/new.sqlite", ["--details"])
        return ReportFixture(dir: dir, old: dir + "/old.sqlite", new: dir + "/new.sqlite", users: users)
    }
}

/// Reading the report's page: charts by `data-chart`, figures by element id.
enum ReportPage {
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The SVG of a chart, from its opening tag to its end.
    static func svg(_ html: String, _ chart: String) -> String? {
        guard let start = html.range(of: "data-chart=\"\(chart)\""),
              let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// A chart's bars: label and number, in the page's order.
    static func bars(_ html: String, _ chart: String) -> [(label: String, value: Int)] {
        guard let svg = svg(html, chart) else { return [] }
        let pattern = try! NSRegularExpression(pattern: #"<g class="bar" data-label="([^"]*)" data-value="([0-9]+)">"#)
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
            (unescape(String(svg[Range(m.range(at: 1), in: svg)!])), Int(svg[Range(m.range(at: 2), in: svg)!])!)
        }
    }

    static func dictionary(_ bars: [(label: String, value: Int)]) -> [String: Int] {
        Dictionary(bars.map { ($0.label, $0.value) }, uniquingKeysWith: +)
    }

    /// The text of the element with this id (up to its first tag).
    static func text(_ html: String, id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\">") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    /// The attention item with this id, from its opening tag to its end.
    static func item(_ html: String, _ id: String) -> String {
        guard let start = html.range(of: "id=\"\(id)\""),
              let end = html.range(of: "</div>", range: start.upperBound..<html.endIndex) else { return "" }
        return String(html[start.lowerBound..<end.lowerBound])
    }

    /// Rows of a query by the sqlite3 shell over a snapshot: the SQL the page is checked against.
    static func sql(_ file: String, _ query: String) throws -> [[String]] {
        let r = try runCommand("/usr/bin/sqlite3", ["-readonly", "-separator", "|", file, query])
        guard r.status == 0 else { throw ReportFixture.SetupFailure(description: "sqlite3: \(r.stderr)") }
        return r.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    static func counts(_ file: String, _ query: String) throws -> [String: Int] {
        Dictionary(try sql(file, query).map { ($0[0], Int($0[1]) ?? -1) }, uniquingKeysWith: +)
    }
}
