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
    }
}
