/// Everything a client needs, decided once: where to send, how to sign, how to retry.
/// Each choice remembers where it came from, for `--debug` and error messages.
public struct ResolvedConfig: Sendable {
    public var service: ServiceDescriptor
    public var profile: String
    public var region: String
    public var regionSource: String
    /// Base URL without a trailing slash, e.g. `https://cognito-idp.eu-west-1.amazonaws.com`.
    public var endpoint: String
    public var endpointSource: String
    public var maxAttempts: Int
    public var retryMode: RetryMode
    public var transport: HTTPTransportSettings
    public var debug: Bool
    public var credentials: CredentialsProvider
    public var files: SharedConfigFiles
    /// Where STS is reached for `callerIdentity()`: chosen as for AssumeRole (its own
    /// endpoint settings, never `--endpoint-url`), kept as a failure when a setting is
    /// wrong, so only a call that needs STS reports it.
    var stsEndpoint: Result<CredentialServiceEndpoint, AWSError>

    public init(service: ServiceDescriptor, profile: String, region: String, regionSource: String, endpoint: String,
                endpointSource: String, maxAttempts: Int, retryMode: RetryMode, transport: HTTPTransportSettings,
                debug: Bool, credentials: CredentialsProvider, files: SharedConfigFiles = SharedConfigFiles()) {
        self.service = service
        self.profile = profile
        self.region = region
        self.regionSource = regionSource
        self.endpoint = endpoint
        self.endpointSource = endpointSource
        self.maxAttempts = maxAttempts
        self.retryMode = retryMode
        self.transport = transport
        self.debug = debug
        self.credentials = credentials
        self.files = files
        // ConfigResolver replaces this with the endpoint its environment gives.
        self.stsEndpoint = Self.stsEndpoint(region: region, environment: [:], files: files, profile: profile,
                                            settings: transport, allowInsecureHTTP: false)
    }

    static func stsEndpoint(region: String, environment: [String: String], files: SharedConfigFiles, profile: String,
                            settings: HTTPTransportSettings, allowInsecureHTTP: Bool) -> Result<CredentialServiceEndpoint, AWSError> {
        do {
            return .success(try CredentialServiceEndpoint.resolve(STSClient.service, region: region, environment: environment,
                                                                  files: files, profile: profile, settings: settings,
                                                                  allowInsecureHTTP: allowInsecureHTTP))
        } catch {
            return .failure((error as? AWSError) ?? AWSError.config("\(error)"))
        }
    }
}
