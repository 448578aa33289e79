/// Which service errors are worth another attempt. Lists follow botocore's standard
/// retry mode, with one deliberate difference: `LimitExceededException` is a hard limit
/// in Cognito (too many pools, groups…), so retrying it only wastes time.
enum ErrorClassification {
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    static func isThrottling(code: String, status: Int) -> Bool {
        throttlingCodes.contains(code) || status == 429 && code != "LimitExceededException"
    }

    static func isRetryable(code: String, status: Int) -> Bool {
        if code == "LimitExceededException" { return false }
        return isThrottling(code: code, status: status) || transientCodes.contains(code) || transientStatuses.contains(status)
    }
}
