import AWSCore

/// The `meta` table of a snapshot: what it holds and how far it got.
public struct SnapshotMeta: Sendable, Equatable {
    public var format: String
    public var poolId: String
    public var region: String
    public var startedAt: String
    public var finishedAt: String?
    public var complete: Bool
    public var estimatedUsers: Int?
    public var users: Int?
    /// The pool's UsernameAttributes (e.g. ["email"]): usernames are then internal ids.
    public var usernameAttributes: [String]
    /// How the users were split into ListUsers paginations (16 or 256 sub prefixes).
    public var shards: Int
    /// Whether AdminGetUser details are taken for every user.
    public var details: Bool
    /// Every row, as stored (keys cogsh does not know included).
    public var rows: [String: String]

    init(rows: [String: String]) {
        self.rows = rows
        format = rows["format"] ?? ""
        poolId = rows["pool_id"] ?? ""
        region = rows["region"] ?? ""
        startedAt = rows["started_at"] ?? ""
        finishedAt = rows["finished_at"].flatMap { $0.isEmpty ? nil : $0 }
        complete = rows["complete"] == "1"
        estimatedUsers = rows["estimated_users"].flatMap { Int($0) }
        users = rows["users"].flatMap { Int($0) }
        shards = rows["shards"].flatMap { Int($0) } ?? 16
        details = rows["details"] == "1"
        if let text = rows["username_attributes"], case .array(let items)? = try? JSONCodec.decode(Array(text.utf8)) {
            usernameAttributes = items.compactMap(\.stringValue)
        } else {
            usernameAttributes = []
        }
    }

    /// "us-east-1_Example1 in us-east-1, taken 2026-12-06T04:00:00Z (complete)".
    public var summary: String {
        let when = complete ? "taken \(finishedAt ?? startedAt)" : "started \(startedAt), incomplete"
        return "\(poolId) in \(region), \(when)"
    }
}
