/// Settings given explicitly (command-line options, `cognito.client{}`); each one set
/// here beats the environment and the shared files.
public struct AWSConfigOverrides: Sendable {
    public var profile: String?
    public var region: String?
    public var endpointURL: String?
    public var maxAttempts: Int?
    public var retryMode: RetryMode?
    /// Seconds, per HTTP attempt.
    public var connectTimeout: Double?
    /// Seconds without response bytes before an attempt fails, per HTTP attempt.
    public var readTimeout: Double?
    /// Allow a plain-http endpoint that is not loopback (the session token would travel in clear).
    public var allowInsecureHTTP: Bool?
    public var debug: Bool?
    /// Explicit credentials: the chain is not consulted.
    public var credentials: AWSCredentials?
    /// Asks for the code of a profile's MFA device (`mfa_serial`); without it such a
    /// profile fails with a CredentialsError naming it.
    public var askForMFACode: MFACodeProvider?
    /// Where `--debug` output of the credential services (STS, SSO) goes; stderr if nil.
    public var debugSink: DebugSink?

    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil, maxAttempts: Int? = nil,
                retryMode: RetryMode? = nil, connectTimeout: Double? = nil, readTimeout: Double? = nil,
                allowInsecureHTTP: Bool? = nil, debug: Bool? = nil, credentials: AWSCredentials? = nil,
                askForMFACode: MFACodeProvider? = nil, debugSink: DebugSink? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
        self.maxAttempts = maxAttempts
        self.retryMode = retryMode
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.allowInsecureHTTP = allowInsecureHTTP
        self.debug = debug
        self.credentials = credentials
        self.askForMFACode = askForMFACode
        self.debugSink = debugSink
    }

    /// Layers another set on top: values set in `top` win.
    public func merged(with top: AWSConfigOverrides) -> AWSConfigOverrides {
        AWSConfigOverrides(
            profile: top.profile ?? profile, region: top.region ?? region, endpointURL: top.endpointURL ?? endpointURL,
            maxAttempts: top.maxAttempts ?? maxAttempts, retryMode: top.retryMode ?? retryMode,
            connectTimeout: top.connectTimeout ?? connectTimeout, readTimeout: top.readTimeout ?? readTimeout,
            allowInsecureHTTP: top.allowInsecureHTTP ?? allowInsecureHTTP, debug: top.debug ?? debug,
            credentials: top.credentials ?? credentials, askForMFACode: top.askForMFACode ?? askForMFACode,
            debugSink: top.debugSink ?? debugSink)
    }
}
