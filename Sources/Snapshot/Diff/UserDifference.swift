/// How one user differs between two snapshots (or a snapshot and the live pool): only
/// the fields that differ are set (DESIGN.md, `snapshot.diff`).
public struct UserDifference: Sendable, Equatable {
    public enum Change: String, Sendable { case added, removed, changed }

    public struct Values<T: Sendable & Equatable>: Sendable, Equatable {
        public var before: T
        public var after: T
    }

    /// The username (the old side's for a user in both; the side's own otherwise).
    public var username: String
    public var change: Change
    public var attributes: [String: Values<String?>] = [:]
    public var enabled: Values<Bool>?
    public var status: Values<String?>?
    public var groupsAdded: [String] = []
    public var groupsRemoved: [String] = []

    public init(username: String, change: Change) {
        self.username = username
        self.change = change
    }

    var isEmpty: Bool {
        attributes.isEmpty && enabled == nil && status == nil && groupsAdded.isEmpty && groupsRemoved.isEmpty
    }
}

/// What a diff compares, and what it leaves out.
public struct DiffOptions: Sendable {
    /// Match users by this attribute (a pool whose usernames are e-mail addresses or
    /// phone numbers gives restored users new internal usernames); users without it are
    /// matched by username.
    public var alias: String?
    /// Attributes not compared (verify leaves out `sub`: a restore issues new ones).
    public var ignoredAttributes: Set<String>
    /// Status changes not reported: (before, after) → ignore (verify: a restored user
    /// comes back FORCE_CHANGE_PASSWORD, whatever it was).
    public var ignoresStatus: @Sendable (String?, String?) -> Bool
    /// Users with this status are not compared on either side (verify: federated users,
    /// EXTERNAL_PROVIDER, are made by their provider's sign-in, not by a restore).
    public var skippedStatus: String?

    public init(alias: String? = nil, ignoredAttributes: Set<String> = [], skippedStatus: String? = nil,
                ignoresStatus: @escaping @Sendable (String?, String?) -> Bool = { _, _ in false }) {
        self.alias = alias
        self.ignoredAttributes = ignoredAttributes
        self.skippedStatus = skippedStatus
        self.ignoresStatus = ignoresStatus
    }

    /// What verify leaves out: what a restore cannot carry over (DESIGN.md) — `sub` and
    /// federated links (new ones issued or none), the status a created user comes back in
    /// (FORCE_CHANGE_PASSWORD: passwords are not carried), federated users themselves.
    public static func verify(alias: String?) -> DiffOptions {
        DiffOptions(alias: alias, ignoredAttributes: ["sub", "identities"], skippedStatus: "EXTERNAL_PROVIDER") { _, after in
            after == "FORCE_CHANGE_PASSWORD"
        }
    }
}

extension UserDifference {
    /// The difference between one user's two sides (nil: none).
    static func between(_ old: SnapshotReader.User, _ new: SnapshotReader.User, options: DiffOptions) -> UserDifference? {
        var d = UserDifference(username: old.record.username, change: .changed)
        let before = Dictionary(old.record.attributes.map { ($0.name, $0.value) }) { $1 }
        let after = Dictionary(new.record.attributes.map { ($0.name, $0.value) }) { $1 }
        for name in Set(before.keys).union(after.keys) where !options.ignoredAttributes.contains(name) {
            // Byte for byte: Swift's == takes canonically equivalent text as equal, the service does not.
            if before[name].map({ Array($0.utf8) }) != after[name].map({ Array($0.utf8) }) {
                d.attributes[name] = Values(before: before[name], after: after[name])
            }
        }
        if old.record.enabled != new.record.enabled { d.enabled = Values(before: old.record.enabled, after: new.record.enabled) }
        if old.record.status != new.record.status, !options.ignoresStatus(old.record.status, new.record.status) {
            d.status = Values(before: old.record.status, after: new.record.status)
        }
        let (og, ng) = (Set(old.groups), Set(new.groups))
        d.groupsAdded = ng.subtracting(og).sorted()
        d.groupsRemoved = og.subtracting(ng).sorted()
        return d.isEmpty ? nil : d
    }
}
