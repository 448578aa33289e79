/// What AWSCore needs to know about a service, supplied by the service layer
/// (AWSCore itself knows no service by name, nor any service's own retry rules).
public struct ServiceDescriptor: Sendable, Equatable {
    /// SigV4 signing name, e.g. `cognito-idp`.
    public var signingName: String
    /// First label of the default endpoint host, e.g. `cognito-idp`.
    public var endpointPrefix: String
    /// Upper-case service id for `AWS_ENDPOINT_URL_<ID>`, e.g. `COGNITO_IDENTITY_PROVIDER`;
    /// lower-cased, it is also the key in a config file's `[services …]` section.
    public var endpointEnvironmentID: String
    /// The `X-Amz-Target` prefix of awsJson operations, e.g. `AWSCognitoIdentityProviderService`.
    public var targetPrefix: String
    /// Error codes that are hard limits of this service: neither throttling nor worth
    /// another attempt, whatever the HTTP status (Cognito's `LimitExceededException`:
    /// too many pools or groups, which waiting does not change).
    public var hardLimitCodes: Set<String>
    /// Error codes worth another attempt besides the standard retry mode's lists.
    public var retryableCodes: Set<String>

    public init(signingName: String, endpointPrefix: String, endpointEnvironmentID: String, targetPrefix: String,
                hardLimitCodes: Set<String> = [], retryableCodes: Set<String> = []) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.endpointEnvironmentID = endpointEnvironmentID
        self.targetPrefix = targetPrefix
        self.hardLimitCodes = hardLimitCodes
        self.retryableCodes = retryableCodes
    }
}
