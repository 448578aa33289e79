import AWSCore
import Cognito

/// What a plan knows about operations: which change a user's state in a way an undo
/// can restore, which read a "before" for a pool-level resource, and which carry a
/// credential and so never enter a plan file.
public enum PlanOperations {
    // The user operations whose effect the undo restores from the `before` state.
    public static let updateAttributes = "AdminUpdateUserAttributes"
    public static let deleteAttributes = "AdminDeleteUserAttributes"
    public static let disable = "AdminDisableUser"
    public static let enable = "AdminEnableUser"
    public static let addToGroup = "AdminAddUserToGroup"
    public static let removeFromGroup = "AdminRemoveUserFromGroup"
    public static let deleteUser = "AdminDeleteUser"
    public static let createUser = "AdminCreateUser"

    static let userStateOperations: Set<String> = [
        updateAttributes, deleteAttributes, disable, enable, addToGroup, removeFromGroup, deleteUser, createUser,
    ]

    /// A user call whose effect the undo takes back. AdminCreateUser with
    /// `MessageAction = "RESEND"` only sends the invitation again: it cannot be.
    public static func isUndoable(_ call: PlanCall) -> Bool {
        if call.username == nil { return PoolResources.inverseExists(call.op) }
        if call.op == createUser, call.input["MessageAction"]?.stringValue == "RESEND" { return false }
        return userStateOperations.contains(call.op)
    }

    /// A call that changes the user's groups: its groups are part of its `before`.
    public static func changesGroups(_ op: String) -> Bool { op == addToGroup || op == removeFromGroup }

    /// Groups are recorded before a call that changes them, or deletes the user (the
    /// undo puts a deleted user back into its groups).
    public static func needsGroups(_ op: String) -> Bool { changesGroups(op) || op == deleteUser }
}

/// Operation names as the model has them, for the Snapshot target's readers.
enum CognitoServiceNames {
    /// The API name of an operation given by API or snake_case name.
    static func canonical(_ name: String) -> String? { CognitoService.operation(named: name)?.name }

    static func isReadOnly(_ name: String) -> Bool { CognitoService.isReadOnly(name) }
}

/// The members that hold a credential: a plan is a reviewable artifact, shown in pull
/// requests and kept in repositories, and must never carry one. Attribute values and
/// usernames are personal data, not credentials: they are recorded (the plan must be
/// appliable), and the docs say a plan file is personal data.
public enum PlanSecrets {
    public static let members: Set<String> = [
        "Password", "TemporaryPassword", "PreviousPassword", "ProposedPassword", "AccessToken", "RefreshToken",
        "Session", "SecretHash", "ClientSecret", "ChallengeResponses", "SecretCode", "UserCode", "Token",
        "client_secret",
    ]

    /// The path of the first member of `input` that holds a credential, if any.
    public static func credentialMember(in input: JSONValue, path: String = "") -> String? {
        switch input {
        case .object(let o):
            for key in o.keys.sorted() {
                let here = path.isEmpty ? key : path + "." + key
                if members.contains(key) { return here }
                if let found = credentialMember(in: o[key]!, path: here) { return found }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let found = credentialMember(in: item, path: path + "[\(i + 1)]") { return found }
            }
        default: break
        }
        return nil
    }
}

/// A plan's JSON input as the validator takes parameters (a plan file is checked again
/// by the model before it is applied: it may have been edited).
public enum PlanParams {
    public static func param(_ value: JSONValue) -> ParamValue { ParamValue(json: value) }

    /// The model's check of a call: nil when valid, else what is wrong (with its field).
    public static func problem(op: String, input: JSONValue) -> String? {
        do {
            _ = try CognitoService.validate(op, params: param(input))
            return nil
        } catch {
            return error.message
        }
    }
}
