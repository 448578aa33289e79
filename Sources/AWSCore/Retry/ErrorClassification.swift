/// Which service errors are worth another attempt: botocore's standard retry mode, plus
/// what the service's descriptor adds (codes it retries besides) or takes away (its hard
/// limits, never throttling and never retried).
struct ErrorClassification: Sendable {
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    let hardLimitCodes: Set<String>
    let retryableCodes: Set<String>

    init(service: ServiceDescriptor) {
        hardLimitCodes = service.hardLimitCodes
        retryableCodes = service.retryableCodes
    }

    func isThrottling(code: String, status: Int) -> Bool {
        if hardLimitCodes.contains(code) { return false }
        return Self.throttlingCodes.contains(code) || status == 429
    }

    func isRetryable(code: String, status: Int) -> Bool {
        if hardLimitCodes.contains(code) { return false }
        return isThrottling(code: code, status: status) || Self.transientCodes.contains(code)
            || Self.transientStatuses.contains(status) || retryableCodes.contains(code)
    }
}
