import Foundation

/// Resolves a `ResolvedConfig` from explicit overrides, an environment and a home
/// directory. Tests pass their own; only the default arguments read the real process.
public enum ConfigResolver {
    public static let defaultTimeout = 60.0
    public static let defaultMaxAttempts = 3

    public static func resolve(
        service: ServiceDescriptor,
        overrides: AWSConfigOverrides = AWSConfigOverrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = NSHomeDirectory(),
        transport: HTTPTransport = .shared
    ) async throws -> ResolvedConfig {
        let env = environment.filter { !$0.value.isEmpty }
        let files = try SharedConfigFiles.load(environment: env, homeDirectory: homeDirectory)

        let explicitProfile = overrides.profile ?? env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"]
        let profile = explicitProfile ?? "default"
        if let p = explicitProfile, !files.hasProfile(p), overrides.credentials == nil {
            throw AWSError.config("profile \(p) not found in \(files.configPath) or \(files.credentialsPath)")
        }
        func setting(_ key: String) -> String? { files.configValue(key, profile: profile) }

        let (region, regionSource) = try await resolveRegion(overrides: overrides, env: env, profile: profile,
                                                             setting: setting, transport: transport)
        let (endpoint, endpointSource) = try resolveEndpoint(service: service, overrides: overrides, env: env, files: files,
                                                             profile: profile, region: region)

        let maxAttempts: Int
        if let m = overrides.maxAttempts {
            maxAttempts = m
        } else if let raw = env["AWS_MAX_ATTEMPTS"] ?? setting("max_attempts") {
            guard let m = Int(raw.trimmingSpaces) else {
                throw AWSError.config("max attempts must be a whole number, got \(raw) (AWS_MAX_ATTEMPTS / max_attempts)")
            }
            maxAttempts = m
        } else {
            maxAttempts = defaultMaxAttempts
        }
        guard maxAttempts >= 1 else { throw AWSError.config("max attempts must be at least 1, got \(maxAttempts)") }

        let retryMode: RetryMode
        if let m = overrides.retryMode {
            retryMode = m
        } else if let raw = env["AWS_RETRY_MODE"] ?? setting("retry_mode") {
            guard let m = RetryMode(configValue: raw) else {
                throw AWSError.config("retry mode must be standard or adaptive, got \(raw) (AWS_RETRY_MODE / retry_mode)")
            }
            retryMode = m
        } else {
            retryMode = .standard
        }

        let connectTimeout = overrides.connectTimeout ?? defaultTimeout
        let readTimeout = overrides.readTimeout ?? defaultTimeout
        guard connectTimeout > 0, readTimeout > 0 else { throw AWSError.config("timeouts must be positive numbers of seconds") }
        let proxy = try ProxyEnvironment(environment: env).proxy(for: endpoint)
        let caBundle = (env["AWS_CA_BUNDLE"] ?? setting("ca_bundle")).map { SharedConfigFiles.expand($0, home: homeDirectory) }

        // Credentials: explicit, or the chain. An explicit --profile skips the environment
        // keys (as the AWS CLI does), so `--profile prod` never silently uses other keys.
        // The sources that call STS or SSO do so in this region, with these settings.
        let provider: CredentialsProvider
        if let c = overrides.credentials {
            provider = CredentialsProvider(sources: [StaticCredentialSource(c)])
        } else {
            let explicit = overrides.profile != nil
            // Clients of one profile share one chain, so a role is assumed (and an MFA code
            // asked for) once per process, not once per cognito.client{}.
            let key = ([profile, explicit ? "explicit" : "", files.configPath, files.credentialsPath, region, homeDirectory]
                       + env.filter { $0.key.hasPrefix("AWS_") }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: "\u{0}")
            provider = CredentialsProviderCache.shared.provider(for: key) {
                let context = CredentialChainContext(
                    environment: env, files: files, profile: profile, homeDirectory: homeDirectory, region: region,
                    transport: transport,
                    settings: HTTPTransportSettings(connectTimeout: connectTimeout, readTimeout: readTimeout, caBundlePath: caBundle),
                    maxAttempts: maxAttempts, allowInsecureHTTP: overrides.allowInsecureHTTP == true,
                    askForMFACode: overrides.askForMFACode,
                    debugSink: overrides.debug == true ? (overrides.debugSink ?? DebugSink.standardError) : nil)
                var sources: [any CredentialSource] = []
                if !explicit { sources.append(EnvironmentCredentialSource(environment: env)) }
                sources.append(SharedFilesCredentialSource(context: context, profile: profile, environmentWebIdentity: !explicit))
                sources.append(ContainerCredentialSource(environment: env, transport: transport))
                sources.append(InstanceMetadataCredentialSource(environment: env, transport: transport))
                return CredentialsProvider(sources: sources)
            }
        }

        var resolved = ResolvedConfig(
            service: service, profile: profile, region: region, regionSource: regionSource,
            endpoint: endpoint, endpointSource: endpointSource, maxAttempts: maxAttempts, retryMode: retryMode,
            transport: HTTPTransportSettings(connectTimeout: connectTimeout, readTimeout: readTimeout, proxy: proxy,
                                             caBundlePath: caBundle),
            debug: overrides.debug ?? false, credentials: provider, files: files)
        resolved.stsEndpoint = ResolvedConfig.stsEndpoint(
            region: region, environment: env, files: files, profile: profile,
            settings: HTTPTransportSettings(connectTimeout: connectTimeout, readTimeout: readTimeout, caBundlePath: caBundle),
            allowInsecureHTTP: overrides.allowInsecureHTTP == true)
        return resolved
    }

    /// Region: flag → `AWS_REGION` → `AWS_DEFAULT_REGION` → profile `region` → IMDS.
    static func resolveRegion(overrides: AWSConfigOverrides, env: [String: String], profile: String,
                              setting: (String) -> String?, transport: HTTPTransport) async throws -> (String, String) {
        var found: (String, String)?
        if let r = overrides.region { found = (r, "option") }
        else if let r = env["AWS_REGION"] { found = (r, "AWS_REGION") }
        else if let r = env["AWS_DEFAULT_REGION"] { found = (r, "AWS_DEFAULT_REGION") }
        else if let r = setting("region") { found = (r, "profile \(profile)") }
        else if !InstanceMetadataClient.isDisabled(env),
                let r = try? await InstanceMetadataClient(environment: env, transport: transport).region(), !r.isEmpty {
            found = (r, "imds")
        }
        guard let (region, source) = found else {
            throw AWSError.config("no AWS region: pass --region, set AWS_REGION, or set region in profile \(profile)")
        }
        guard isValidRegion(region) else {
            throw AWSError.config("invalid region \(region) (from \(source)): expected a name like eu-west-1")
        }
        return (region, source)
    }

    static func isValidRegion(_ r: String) -> Bool {
        guard !r.isEmpty, r.count <= 63, r.first != "-", r.last != "-" else { return false }
        return r.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Endpoint: flag → `AWS_ENDPOINT_URL_<SERVICE>` → `AWS_ENDPOINT_URL` → `[services]`
    /// section → profile `endpoint_url` → the public endpoint. Configured (not flag) values
    /// are skipped when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true.
    static func resolveEndpoint(service: ServiceDescriptor, overrides: AWSConfigOverrides, env: [String: String],
                                files: SharedConfigFiles, profile: String, region: String) throws -> (String, String) {
        var found: (String, String)?
        let ignore = (env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? files.configValue("ignore_configured_endpoint_urls", profile: profile))?
            .lowercased() == "true"
        let envName = "AWS_ENDPOINT_URL_" + service.endpointEnvironmentID
        if let e = overrides.endpointURL {
            found = (e, "option")
        } else if !ignore {
            if let e = env[envName] { found = (e, envName) }
            else if let e = env["AWS_ENDPOINT_URL"] { found = (e, "AWS_ENDPOINT_URL") }
            else if let servicesName = files.configValue("services", profile: profile),
                    let e = files.config.sections["services \(servicesName)"]?
                        .subsections[service.endpointEnvironmentID.lowercased()]?["endpoint_url"] {
                found = (e, "[services \(servicesName)] in \(files.configPath)")
            } else if let e = files.configValue("endpoint_url", profile: profile) {
                found = (e, "profile \(profile)")
            }
        }
        let (raw, source) = found ?? (defaultEndpoint(prefix: service.endpointPrefix, region: region), "default")
        var endpoint = raw.trimmingSpaces
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        guard let parts = URLParts(endpoint), parts.scheme == "https" || parts.scheme == "http" else {
            throw AWSError.config("endpoint URL \(raw) (from \(source)) is not an http(s) URL")
        }
        if parts.scheme == "http" && !HostClass.isLoopback(parts.host) && overrides.allowInsecureHTTP != true {
            throw AWSError.config("refusing plain http to \(parts.host) (endpoint from \(source)): signed requests and the session token would travel unencrypted; use https, a loopback endpoint, or allow insecure http explicitly")
        }
        return (endpoint, source)
    }

    static func defaultEndpoint(prefix: String, region: String) -> String {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return "https://\(prefix).\(region).\(suffix)"
    }
}
