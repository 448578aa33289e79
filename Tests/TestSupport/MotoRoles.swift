import Foundation

/// A moto server whose authentication switches on after its IAM setup
/// (scripts/testsupport/moto_roles.py): an IAM user with an access key, unless `user` is
/// false, and the roles named (`name` or `name=EXTERNAL_ID`). moto then checks every
/// signature, the caller's policy and each role's trust policy. `unsignedCalls` widens
/// the no-auth window past the setup (AssumeRoleWithWebIdentity carries no signature).
public struct MotoRoles {
    public let moto: MotoServer
    /// The IAM user's key ("" without a user).
    public let accessKeyId: String
    public let secretAccessKey: String

    public init(roles: [String], user: Bool = true, unsignedCalls: Int = 0) throws {
        // moto_roles.py makes 3 calls for the user and 2 for each role.
        let setupCalls = (user ? 3 : 0) + 2 * roles.count
        moto = try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": String(setupCalls + unsignedCalls)])
        let out = try PythonHelper.run(script: "moto_roles.py", arguments: [moto.endpoint] + (user ? [] : ["--no-user"]) + roles)
        let keys = try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any] ?? [:]
        accessKeyId = keys["AccessKeyId"] as? String ?? ""
        secretAccessKey = keys["SecretAccessKey"] as? String ?? ""
    }

    /// The user's keys as a credentials-file section.
    public func keys(_ section: String) -> String {
        ProfileText.keys(section, accessKeyId, secretAccessKey)
    }
}
