import AWSCore

/// One user as a snapshot stores it, read from ListUsers' `UserType` or AdminGetUser's
/// answer (which names the attribute list `UserAttributes`).
public struct UserRecord: Sendable, Equatable {
    public var username: String
    public var sub: String?
    public var status: String?
    public var enabled: Bool
    /// Seconds since the epoch, as the API's timestamps.
    public var created: Double?
    public var modified: Double?
    /// Every attribute, `sub` and `identities` included, in the service's order.
    public var attributes: [Attribute]
    /// ListUsers' MFAOptions, plus AdminGetUser's UserMFASettingList and
    /// PreferredMfaSetting when details were taken: the `mfa` column's JSON object.
    public var mfa: [String: JSONValue]

    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(username: String, sub: String? = nil, status: String? = nil, enabled: Bool = true, created: Double? = nil,
                modified: Double? = nil, attributes: [Attribute] = [], mfa: [String: JSONValue] = [:]) {
        self.username = username
        self.sub = sub
        self.status = status
        self.enabled = enabled
        self.created = created
        self.modified = modified
        self.attributes = attributes
        self.mfa = mfa
    }

    /// Reads a `UserType` (ListUsers, ListUsersInGroup) or an AdminGetUser answer.
    public init?(json: JSONValue) {
        guard let username = json["Username"]?.stringValue else { return nil }
        self.username = username
        status = json["UserStatus"]?.stringValue
        if case .bool(let b)? = json["Enabled"] { enabled = b } else { enabled = true }
        created = json["UserCreateDate"]?.number
        modified = json["UserLastModifiedDate"]?.number
        var attributes: [Attribute] = []
        if case .array(let list)? = json["Attributes"] ?? json["UserAttributes"] {
            for item in list {
                guard let name = item["Name"]?.stringValue else { continue }
                attributes.append(Attribute(name: name, value: item["Value"]?.stringValue ?? ""))
            }
        }
        self.attributes = attributes
        sub = attributes.first { $0.name == "sub" }?.value
        var mfa: [String: JSONValue] = [:]
        for key in ["MFAOptions", "UserMFASettingList", "PreferredMfaSetting"] {
            if let v = json[key], v != .null { mfa[key] = v }
        }
        self.mfa = mfa
    }

    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// The `mfa` column: the object as JSON text.
    var mfaText: String {
        (try? JSONCodec.encode(.object(mfa))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A group as ListGroups gives it.
public struct GroupRecord: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var precedence: Int64?
    public var roleArn: String?

    public init(name: String, description: String? = nil, precedence: Int64? = nil, roleArn: String? = nil) {
        self.name = name
        self.description = description
        self.precedence = precedence
        self.roleArn = roleArn
    }

    init?(json: JSONValue) {
        guard let name = json["GroupName"]?.stringValue else { return nil }
        self.name = name
        description = json["Description"]?.stringValue
        if case .int(let p)? = json["Precedence"] { precedence = p } else { precedence = json["Precedence"]?.number.map { Int64($0) } }
        roleArn = json["RoleArn"]?.stringValue
    }
}

extension JSONValue {
    /// A JSON number as a Double (timestamps come as either).
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
