import Foundation

/// Asks the person at the terminal for the current code of an MFA device, for the
/// profile that names it in `mfa_serial`. nil means nobody can be asked (no terminal).
/// AWSCore never touches a terminal itself: the program supplies this.
public typealias MFACodeProvider = @Sendable (_ profile: String, _ serial: String) async throws -> String?

/// What the credential sources that call AWS (assume role, web identity, SSO) share:
/// the environment and files they were resolved from, the region and network settings of
/// the run, the retries, the MFA prompt, the debug output, and a clock.
struct CredentialChainContext: Sendable {
    var environment: [String: String]
    var files: SharedConfigFiles
    /// The profile the run uses: its `[services]` and `endpoint_url` settings apply to
    /// STS as to every service.
    var profile: String
    var homeDirectory: String
    /// The run's region: STS is called at its regional endpoint.
    var region: String
    var transport: HTTPTransport
    /// Timeouts and CA bundle of the run; the proxy is chosen per endpoint.
    var settings: HTTPTransportSettings
    var maxAttempts: Int
    var allowInsecureHTTP: Bool
    var askForMFACode: MFACodeProvider?
    var debugSink: DebugSink?
    var retryEnvironment: RetryEnvironment
    /// One retry budget for every credential call of the run.
    var quota: RetryQuota
    var now: @Sendable () -> Date
    var userAgent: String

    init(environment: [String: String], files: SharedConfigFiles, profile: String, homeDirectory: String, region: String,
         transport: HTTPTransport = .shared, settings: HTTPTransportSettings = HTTPTransportSettings(), maxAttempts: Int = 3,
         allowInsecureHTTP: Bool = false, askForMFACode: MFACodeProvider? = nil, debugSink: DebugSink? = nil,
         retryEnvironment: RetryEnvironment = .live, quota: RetryQuota = RetryQuota(),
         now: @escaping @Sendable () -> Date = { Date() }, userAgent: String = "cogsh/0.1.0 lang/swift") {
        self.environment = environment
        self.files = files
        self.profile = profile
        self.homeDirectory = homeDirectory
        self.region = region
        self.transport = transport
        self.settings = settings
        self.maxAttempts = maxAttempts
        self.allowInsecureHTTP = allowInsecureHTTP
        self.askForMFACode = askForMFACode
        self.debugSink = debugSink
        self.retryEnvironment = retryEnvironment
        self.quota = quota
        self.now = now
        self.userAgent = userAgent
    }

    /// A credential service's endpoint in `region`, with the run's settings
    /// (CredentialServiceEndpoint.resolve says how it is chosen).
    func endpoint(for service: ServiceDescriptor, region: String) throws -> CredentialServiceEndpoint {
        try CredentialServiceEndpoint.resolve(service, region: region, environment: environment, files: files, profile: profile,
                                              settings: settings, allowInsecureHTTP: allowInsecureHTTP)
    }

    var call: CredentialServiceCall {
        CredentialServiceCall(transport: transport,
                              retry: RetryLoop(maxAttempts: maxAttempts, quota: quota, environment: retryEnvironment),
                              debugSink: debugSink)
    }

    func stsClient() throws -> STSClient {
        STSClient(endpoint: try endpoint(for: STSClient.service, region: region), region: region, call: call, userAgent: userAgent)
    }

    /// A role session name as the AWS CLI makes one when the profile names none.
    func defaultRoleSessionName() -> String {
        "botocore-session-\(Int(now().timeIntervalSince1970))"
    }
}
