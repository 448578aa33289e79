/// Decides where a profile's credentials come from, in botocore's order: `role_arn`
/// (assume role), web identity, IAM Identity Center, keys, `credential_process`. A role's
/// `source_profile` is followed to any depth: a source profile with keys gives its keys
/// (even when it names a role itself, so a profile may be its own source), one with a
/// role assumes that role first, any other is read as a profile of its own.
///
/// Building reads only the files: nothing is sent until a source is loaded. A bad
/// setting is a ConfigError, a cycle a CredentialsError; both name the profiles involved.
struct ProfileCredentialChain {
    let context: CredentialChainContext
    var files: SharedConfigFiles { context.files }
    var environment: [String: String] { context.environment }

    static let credentialSources = "Environment, Ec2InstanceMetadata or EcsContainer"

    /// The source for the profile a run uses. `environmentWebIdentity`: whether
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` and its companions count (not under an explicit
    /// `--profile`, which sets the environment's credentials aside).
    func source(for profile: String, environmentWebIdentity: Bool) throws -> any CredentialSource {
        try resolve(profile, chain: [], environmentWebIdentity: environmentWebIdentity)
    }

    private func resolve(_ profile: String, chain: [String], environmentWebIdentity: Bool) throws -> any CredentialSource {
        guard let values = files.profileValues(profile) else {
            if environmentWebIdentity, let source = try webIdentity(profile: nil, values: [:], environment: true) {
                return source
            }
            return NotConfiguredSource(reason: "no profile \(profile) in \(files.credentialsPath) or \(files.configPath)"
                + (environmentWebIdentity ? ", and AWS_WEB_IDENTITY_TOKEN_FILE is not set" : ""))
        }
        if values["role_arn"] != nil && values["web_identity_token_file"] == nil {
            return try assumeRole(profile, values: values, chain: chain + [profile])
        }
        if let source = try webIdentity(profile: profile, values: values, environment: environmentWebIdentity) {
            return source
        }
        if let sso = try SSOConfiguration.read(profile: profile, values: values, files: files) {
            return SSOCredentialSource(configuration: sso, context: context)
        }
        if let keys = try staticKeys(profile) { return keys }
        if let command = values["credential_process"] {
            return ProcessCredentialSource(command: command, profile: profile)
        }
        return NotConfiguredSource(reason: "profile \(profile) holds no aws_access_key_id, role_arn, sso settings or credential_process")
    }

    private func assumeRole(_ profile: String, values: [String: String], chain: [String]) throws -> any CredentialSource {
        let source: any CredentialSource
        let sourceDescription: String
        switch (values["source_profile"], values["credential_source"]) {
        case (.some, .some):
            throw AWSError.config("profile \(profile) has both source_profile and credential_source; keep one: "
                + "source_profile (the profile whose credentials assume the role) or credential_source (\(Self.credentialSources))")
        case (nil, nil):
            throw AWSError.config("profile \(profile) has role_arn but neither source_profile nor credential_source; "
                + "set one to say which credentials assume the role")
        case (nil, let named?):
            sourceDescription = "credential_source \(named)"
            let requiredBy = "credential_source = \(named) of profile \(profile)"
            switch named {
            case "Environment":
                source = RequiredCredentialSource(inner: EnvironmentCredentialSource(environment: environment), requiredBy: requiredBy)
            case "Ec2InstanceMetadata":
                source = RequiredCredentialSource(inner: InstanceMetadataCredentialSource(environment: environment, transport: context.transport),
                                                  requiredBy: requiredBy)
            case "EcsContainer":
                source = RequiredCredentialSource(inner: ContainerCredentialSource(environment: environment, transport: context.transport),
                                                  requiredBy: requiredBy)
            default:
                throw AWSError.config("profile \(profile) has credential_source = \(named); expected \(Self.credentialSources)")
            }
        case (let name?, nil):
            sourceDescription = "profile \(name)"
            if chain.contains(name) {
                // A profile may name itself when its own keys are the source (botocore allows it).
                guard name == profile, let keys = try staticKeys(name) else {
                    let cycle = (chain.drop { $0 != name } + [name]).joined(separator: " → ")
                    throw AWSError.credentials("the source_profile settings form a cycle: \(cycle); "
                        + "one profile in it must have keys (aws_access_key_id) or a credential_source")
                }
                source = keys
            } else if !files.hasProfile(name) {
                throw AWSError.config("profile \(profile) names source_profile \(name), which is in neither \(files.configPath) nor \(files.credentialsPath)")
            } else if let keys = try staticKeys(name) {
                source = keys
            } else {
                source = RequiredCredentialSource(inner: try resolve(name, chain: chain, environmentWebIdentity: false),
                                                  requiredBy: "source_profile \(name) of profile \(profile)")
            }
        }

        var duration: Int?
        if let raw = values["duration_seconds"] {
            guard let d = Int(raw), d > 0 else {
                throw AWSError.config("duration_seconds of profile \(profile) must be a whole number of seconds, got \(raw)")
            }
            duration = d
        }
        return AssumeRoleCredentialSource(
            profile: profile, roleArn: values["role_arn"]!, roleSessionName: values["role_session_name"],
            externalId: values["external_id"], durationSeconds: duration, mfaSerial: values["mfa_serial"],
            sourceDescription: sourceDescription,
            source: CredentialsProvider(sources: [source], now: context.now), context: context)
    }

    /// Web identity from the profile's `web_identity_token_file`, or from
    /// `AWS_WEB_IDENTITY_TOKEN_FILE`; each setting from the environment beats the profile's.
    private func webIdentity(profile: String?, values: [String: String], environment useEnvironment: Bool) throws -> WebIdentityCredentialSource? {
        let env = useEnvironment ? environment : [:]
        let fromEnvironment = env["AWS_WEB_IDENTITY_TOKEN_FILE"] != nil
        guard let tokenFile = env["AWS_WEB_IDENTITY_TOKEN_FILE"] ?? values["web_identity_token_file"] else { return nil }
        let origin = fromEnvironment || profile == nil ? "the environment" : "profile \(profile!)"
        guard let roleArn = env["AWS_ROLE_ARN"] ?? values["role_arn"] else {
            throw AWSError.config("a web identity token file is set (\(fromEnvironment ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file of profile \(profile!)")) "
                + "but no role to assume: set \(fromEnvironment ? "AWS_ROLE_ARN" : "role_arn in the profile")")
        }
        return WebIdentityCredentialSource(
            tokenFile: SharedConfigFiles.expand(tokenFile, home: context.homeDirectory), roleArn: roleArn,
            roleSessionName: env["AWS_ROLE_SESSION_NAME"] ?? values["role_session_name"],
            origin: origin, tokenFileSetting: fromEnvironment ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file",
            sourceName: fromEnvironment || profile == nil ? "web-identity" : "web-identity (profile \(profile!))",
            context: context)
    }

    /// The profile's keys: the credentials file's `[name]` first, then the config file's.
    private func staticKeys(_ profile: String) throws -> StaticCredentialSource? {
        if let c = try keys(in: files.credentials.credentialsProfile(profile), profile: profile, file: files.credentialsPath) {
            return StaticCredentialSource(c, name: "shared-credentials-file profile \(profile)")
        }
        if let c = try keys(in: files.config.configProfile(profile), profile: profile, file: files.configPath) {
            return StaticCredentialSource(c, name: "config-file profile \(profile)")
        }
        return nil
    }

    private func keys(in section: SharedConfigFile.Section?, profile: String, file: String) throws -> AWSCredentials? {
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

/// A profile's `credential_process`.
struct ProcessCredentialSource: CredentialSource {
    let command: String
    let profile: String
    var name: String { "credential_process (profile \(profile))" }

    func load() async throws -> CredentialSourceResult {
        .found(try await ProcessCredentialRunner.run(command: command, profile: profile), source: name)
    }
}

/// A link with nothing set up, and why.
struct NotConfiguredSource: CredentialSource {
    let reason: String
    var name: String { "none" }
    func load() async throws -> CredentialSourceResult { .notConfigured(reason) }
}

extension SharedConfigFiles {
    /// A profile's settings from both files, the credentials file winning, as botocore
    /// merges them; nil when neither file has the profile.
    func profileValues(_ name: String) -> [String: String]? {
        let fromConfig = config.configProfile(name)?.values
        let fromCredentials = credentials.credentialsProfile(name)?.values
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { $1 }
    }
}
