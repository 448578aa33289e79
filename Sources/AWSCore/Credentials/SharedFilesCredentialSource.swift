/// Credentials from the profile in the shared files: keys in the credentials file
/// (`[name]`), then keys in the config file (`[profile name]`), then `credential_process`.
/// Profiles that assume a role or use SSO are refused with a clear error for now.
public struct SharedFilesCredentialSource: CredentialSource {
    public let files: SharedConfigFiles
    public let profile: String
    public var name: String { "shared files profile \(profile)" }

    public init(files: SharedConfigFiles, profile: String) {
        self.files = files
        self.profile = profile
    }

    public func load() async throws -> CredentialSourceResult {
        let credSection = files.credentials.credentialsProfile(profile)
        let configSection = files.config.configProfile(profile)
        if credSection == nil && configSection == nil {
            return .notConfigured("no profile \(profile) in \(files.credentialsPath) or \(files.configPath)")
        }
        // A role profile would take precedence over any keys it also holds, as in botocore.
        for section in [credSection, configSection].compactMap({ $0 }) {
            if section.values["role_arn"] != nil {
                throw AWSError.credentials("profile \(profile) uses role_arn (assume role), which cogsh does not support yet; use keys, credential_process, or run `aws configure export-credentials` into the environment")
            }
        }
        if let c = try keys(in: credSection, file: files.credentialsPath) {
            return .found(c, source: "shared-credentials-file profile \(profile)")
        }
        if let c = try keys(in: configSection, file: files.configPath) {
            return .found(c, source: "config-file profile \(profile)")
        }
        let process = credSection?.values["credential_process"] ?? configSection?.values["credential_process"]
        if let command = process {
            let c = try await ProcessCredentialRunner.run(command: command, profile: profile)
            return .found(c, source: "credential_process (profile \(profile))")
        }
        if let section = configSection, section.values.keys.contains(where: { $0.hasPrefix("sso_") }) || section.values["sso_session"] != nil {
            throw AWSError.credentials("profile \(profile) uses IAM Identity Center (SSO), which cogsh does not support yet; run `aws configure export-credentials --profile \(profile) --format env` and use the environment")
        }
        return .notConfigured("profile \(profile) holds no aws_access_key_id or credential_process")
    }

    private func keys(in section: SharedConfigFile.Section?, file: String) throws -> AWSCredentials? {
        guard let v = section?.values else { return nil }
        let id = v["aws_access_key_id"], secret = v["aws_secret_access_key"]
        if id == nil && secret == nil { return nil }
        guard let id, !id.isEmpty, let secret, !secret.isEmpty else {
            throw AWSError.credentials("profile \(profile) in \(file) has only one of aws_access_key_id and aws_secret_access_key")
        }
        let token = v["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token)
    }
}
