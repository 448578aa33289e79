import Foundation

/// The `~/.aws` files the credential tests write, in the shapes administrators have:
/// keys, role profiles and chains of them, an IAM Identity Center login. Shared by the
/// library's tests and the end-to-end ones, so both speak of the same profiles.
public enum ProfileText {
    /// A section with long-term keys: `[NAME]` in the credentials file.
    public static func keys(_ section: String, _ accessKeyId: String, _ secretAccessKey: String) -> String {
        "[\(section)]\naws_access_key_id = \(accessKeyId)\naws_secret_access_key = \(secretAccessKey)\n"
    }

    /// `[default]` with the test's long-term keys (TestSecrets).
    public static let testKeys = keys("default", TestSecrets.accessKeyId, TestSecrets.secretAccessKey)

    /// `[profile NAME]` assuming `arn` (default: role NAME of account 123456789012) with the
    /// credentials of profile `source`, then `settings` lines (`external_id = x`) as given.
    public static func role(_ name: String, arn: String? = nil, source: String, _ settings: String...) -> String {
        (["[profile \(name)]", "role_arn = \(arn ?? "arn:aws:iam::123456789012:role/\(name)")", "source_profile = \(source)"]
            + settings).joined(separator: "\n") + "\n"
    }

    /// Role profiles each assumed with the credentials of the one before, the first with
    /// those of `source`: `roleChain(["ops", "admin"], from: "base")`.
    public static func roleChain(_ roles: [String], from source: String) -> String {
        zip(roles, [source] + roles).map { role($0, source: $1) }.joined()
    }

    /// Profile `dev` of IAM Identity Center session `corp`: account 111122223333, role
    /// Admin, start URL https://corp.awsapps.com/start, region eu-west-1.
    public static let ssoDev = """
        [profile dev]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Admin
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1

        """

    /// The token cache file `aws sso login` writes for session `corp` (the SHA-1 of its name).
    public static let ssoCacheFile = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"

    /// A token cache entry as `aws sso login` writes it: the access token until `expiresAt`
    /// and, when `refreshable`, the refresh token and the OIDC client registration.
    public static func ssoCache(expiresAt: Date, refreshable: Bool = true,
                                registrationExpiresAt: Date = Date().addingTimeInterval(86_400 * 60)) -> String {
        var members = [
            #""startUrl": "https://corp.awsapps.com/start""#, #""region": "eu-west-1""#,
            #""accessToken": "\#(TestSecrets.ssoAccessToken)""#, #""expiresAt": "\#(time(expiresAt))""#,
        ]
        if refreshable {
            members += [#""clientId": "client-1""#, #""clientSecret": "\#(TestSecrets.ssoClientSecret)""#,
                        #""registrationExpiresAt": "\#(time(registrationExpiresAt))""#,
                        #""refreshToken": "\#(TestSecrets.ssoRefreshToken)""#]
        }
        return "{\n  " + members.joined(separator: ",\n  ") + "\n}\n"
    }

    /// `2026-11-27T20:00:00Z`, as the AWS CLI writes times.
    static func time(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
