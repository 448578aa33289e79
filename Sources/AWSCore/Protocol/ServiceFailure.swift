/// What a service said when it refused: its code, message and request id, read from
/// the answer by the caller's parser (each protocol writes errors its own way).
struct ServiceFailure: Sendable, Equatable {
    var code: String
    var message: String
    var requestId: String?

    /// awsJson's error shapes (and whatever a gateway in front answers, see
    /// ServiceErrorParser), the request id from the header AWS sets.
    static func standard(_ response: HTTPResponseMessage) -> ServiceFailure {
        let parsed = ServiceErrorParser.parse(status: response.status, headers: response.headers, body: response.body)
        return ServiceFailure(code: parsed.code, message: parsed.message, requestId: requestId(of: response))
    }

    /// `x-amzn-RequestId`, or S3-style `x-amz-request-id`.
    static func requestId(of response: HTTPResponseMessage) -> String? {
        response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
    }
}
