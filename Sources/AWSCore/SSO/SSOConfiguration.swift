/// A profile's IAM Identity Center settings: the account and role from the profile, the
/// start URL and region from its `[sso-session NAME]` section, or (legacy profiles, from
/// before sso-session) from the profile itself.
struct SSOConfiguration: Sendable, Equatable {
    var profile: String
    /// nil for a legacy profile.
    var sessionName: String?
    var startURL: String
    var region: String
    var accountId: String
    var roleName: String

    /// What names the token cache file: the session name, else the start URL.
    var cacheKey: String { sessionName ?? startURL }

    /// For messages: "sso_session corp" or "sso_start_url https://…".
    var login: String { sessionName.map { "sso_session \($0)" } ?? "sso_start_url \(startURL)" }

    static let profileKeys = ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"]

    /// nil when the profile has no SSO setting at all; a ConfigError naming the profile
    /// and the missing or conflicting settings when it has some but not a usable set.
    static func read(profile: String, values: [String: String], files: SharedConfigFiles) throws -> SSOConfiguration? {
        guard profileKeys.contains(where: { values[$0] != nil }) else { return nil }
        var startURL = values["sso_start_url"]
        var region = values["sso_region"]
        let sessionName = values["sso_session"]
        if let name = sessionName {
            guard let session = files.config.sections["sso-session \(name)"]?.values else {
                throw AWSError.config("profile \(profile) names sso_session \(name), but \(files.configPath) has no [sso-session \(name)] section")
            }
            for (key, fromSession) in [("sso_start_url", session["sso_start_url"]), ("sso_region", session["sso_region"])] {
                if let own = values[key], let fromSession, own != fromSession {
                    throw AWSError.config("profile \(profile) sets \(key) = \(own), but its sso_session \(name) says \(fromSession); remove it from the profile")
                }
            }
            startURL = session["sso_start_url"] ?? startURL
            region = session["sso_region"] ?? region
            var missing: [String] = []
            if startURL == nil { missing.append("sso_start_url") }
            if region == nil { missing.append("sso_region") }
            if !missing.isEmpty {
                throw AWSError.config("[sso-session \(name)] in \(files.configPath) lacks \(missing.joined(separator: " and ")), which profile \(profile) needs")
            }
        }
        let required: [(String, String?)] = [("sso_start_url", startURL), ("sso_region", region),
                                             ("sso_account_id", values["sso_account_id"]), ("sso_role_name", values["sso_role_name"])]
        let missing = required.filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let startURL, let region, let account = values["sso_account_id"], let role = values["sso_role_name"] else {
            throw AWSError.config("profile \(profile) uses IAM Identity Center but lacks \(missing.joined(separator: ", ")); "
                + "a profile for credentials needs sso_account_id and sso_role_name, and sso_start_url and sso_region (or an sso_session that has them)")
        }
        guard ConfigResolver.isValidRegion(region) else {
            throw AWSError.config("profile \(profile) has an invalid sso_region \(region): expected a name like eu-west-1")
        }
        return SSOConfiguration(profile: profile, sessionName: sessionName, startURL: startURL, region: region,
                                accountId: account, roleName: role)
    }
}
