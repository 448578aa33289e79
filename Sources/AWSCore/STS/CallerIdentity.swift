/// Who the credentials in use belong to, as STS GetCallerIdentity says: the account, the
/// ARN (a user, or a role's session: `arn:aws:sts::…:assumed-role/NAME/SESSION`) and the
/// unique id. Nothing here is secret. Only `callerIdentity()` makes one.
public struct CallerIdentity: Sendable, Equatable {
    public let account: String
    public let arn: String
    public let userId: String
}

extension AWSJSONClient {
    /// STS GetCallerIdentity for this client's credentials: signed with them (SigV4,
    /// service sts, the client's region) and sent to the regional STS endpoint, which the
    /// settings that redirect AssumeRole redirect too (`AWS_ENDPOINT_URL_STS`,
    /// `AWS_ENDPOINT_URL`, the config file's `[services]`), with the client's retries and
    /// `--debug` output. Never throws: a refusal is a service error with STS's code
    /// (`InvalidClientTokenId`, `ExpiredToken`…), credentials that cannot be had a
    /// CredentialsError. Not cached: each call asks STS.
    public func callerIdentity() async -> Result<CallerIdentity, AWSError> {
        let endpoint: CredentialServiceEndpoint, credentials: AWSCredentials
        switch config.stsEndpoint {
        case .success(let e): endpoint = e
        case .failure(var e):
            e.operation = "GetCallerIdentity"
            return .failure(e)
        }
        switch await currentCredentials(operation: "GetCallerIdentity", attempt: 1) {
        case .success(let c): credentials = c
        case .failure(let e): return .failure(e)
        }
        let retries = RetryLoop(maxAttempts: config.maxAttempts, quota: quota, environment: retry)
        let sts = STSClient(endpoint: endpoint, region: config.region, call: CredentialServiceCall(attempt: exchange, retry: retries),
                            userAgent: userAgent)
        return await sts.callerIdentity(with: credentials)
    }
}
