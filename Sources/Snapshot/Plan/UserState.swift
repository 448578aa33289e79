import AWSCore

/// A user as a plan's `before` holds it (AdminGetUser's answer plus `Groups` when they
/// were read), and what the plan's calls make of it: the apply compares the live user
/// with it, and the undo is made from it.
public struct UserState: Sendable, Equatable {
    public var username: String
    public var attributes: [String: String]
    public var enabled: Bool
    public var status: String?
    /// MFAOptions, UserMFASettingList, PreferredMfaSetting as the read gave them.
    public var mfa: [String: JSONValue]
    /// nil when the groups were not read.
    public var groups: Set<String>?

    public init(username: String, attributes: [String: String], enabled: Bool = true, status: String? = nil,
                mfa: [String: JSONValue] = [:], groups: Set<String>? = nil) {
        self.username = username
        self.attributes = attributes
        self.enabled = enabled
        self.status = status
        self.mfa = mfa
        self.groups = groups
    }

    static let mfaKeys = ["MFAOptions", "UserMFASettingList", "PreferredMfaSetting"]

    /// From AdminGetUser's answer (`UserAttributes`) or a listed user (`Attributes`), with
    /// `Groups` if present.
    public init?(json: JSONValue) {
        guard let name = json["Username"]?.stringValue else { return nil }
        var attributes: [String: String] = [:]
        if case .array(let list)? = json["UserAttributes"] ?? json["Attributes"] {
            for a in list { if let n = a["Name"]?.stringValue { attributes[n] = a["Value"]?.stringValue ?? "" } }
        }
        var mfa: [String: JSONValue] = [:]
        for key in Self.mfaKeys { if let v = json[key], v != .null { mfa[key] = v } }
        var groups: Set<String>?
        if case .array(let list)? = json["Groups"] { groups = Set(list.compactMap(\.stringValue)) }
        let enabled: Bool
        if case .bool(let b)? = json["Enabled"] { enabled = b } else { enabled = true }
        self.init(username: name, attributes: attributes, enabled: enabled, status: json["UserStatus"]?.stringValue,
                  mfa: mfa, groups: groups)
    }

    /// As a `before` holds it: attributes sorted by name, groups sorted.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "Username": .string(username), "Enabled": .bool(enabled),
            "UserAttributes": .array(attributes.keys.sorted().map { .object(["Name": .string($0), "Value": .string(attributes[$0]!)]) }),
        ]
        if let status { o["UserStatus"] = .string(status) }
        for (k, v) in mfa { o[k] = v }
        if let groups { o["Groups"] = .array(groups.sorted().map { .string($0) }) }
        return .object(o)
    }

    /// The same user with the groups of another reading of it (a later call's `before`
    /// may carry groups the first did not).
    public func merging(groupsOf other: UserState?) -> UserState {
        guard groups == nil, let g = other?.groups else { return self }
        var copy = self
        copy.groups = g
        return copy
    }
}

/// What the plan's calls do to a user, as far as an undo can take it back: attributes,
/// enabled state, groups, existence. Other calls (passwords, MFA, sign-out) leave the
/// state as it is here: they cannot be undone, and the summary says so.
public enum UserSimulation {
    /// The verified flag that goes with an address attribute.
    static let verifiedFlags = ["email": "email_verified", "phone_number": "phone_number_verified"]

    public static func apply(_ call: PlanCall, to state: UserState?) -> UserState? {
        let ops = PlanOperations.self
        if call.op == ops.createUser {
            if call.input["MessageAction"]?.stringValue == "RESEND" { return state }
            guard state == nil, let name = call.username else { return state }
            return UserState(username: name, attributes: attributePairs(call.input["UserAttributes"]), enabled: true,
                             status: "FORCE_CHANGE_PASSWORD", groups: [])
        }
        guard var user = state else { return nil }
        switch call.op {
        case ops.updateAttributes:
            let set = attributePairs(call.input["UserAttributes"])
            for (name, value) in set {
                // Cognito marks a new address unverified unless the same call says otherwise.
                if let flag = verifiedFlags[name], user.attributes[name] != value, set[flag] == nil, user.attributes[flag] != nil {
                    user.attributes[flag] = "false"
                }
                user.attributes[name] = value
            }
        case ops.deleteAttributes:
            for name in attributeNames(call.input["UserAttributeNames"]) { user.attributes[name] = nil }
        case ops.disable: user.enabled = false
        case ops.enable: user.enabled = true
        case ops.addToGroup:
            if let g = call.input["GroupName"]?.stringValue { user.groups?.insert(g) }
        case ops.removeFromGroup:
            if let g = call.input["GroupName"]?.stringValue { user.groups?.remove(g) }
        case ops.deleteUser: return nil
        default: break
        }
        return user
    }

    public static func apply(_ calls: [PlanCall], to state: UserState?) -> UserState? {
        calls.reduce(state) { apply($1, to: $0) }
    }

    static func attributePairs(_ list: JSONValue?) -> [String: String] {
        var out: [String: String] = [:]
        if case .array(let items)? = list {
            for a in items { if let n = a["Name"]?.stringValue { out[n] = a["Value"]?.stringValue ?? "" } }
        }
        return out
    }

    static func attributeNames(_ list: JSONValue?) -> [String] {
        guard case .array(let items)? = list else { return [] }
        return items.compactMap(\.stringValue)
    }
}
