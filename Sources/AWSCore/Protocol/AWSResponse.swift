/// A successful awsJson1.1 response.
public struct AWSResponse: Sendable {
    public let status: Int
    public let headers: [HTTPHeaderField]
    public let body: [UInt8]
    /// The decoded body; an empty body reads as an empty object.
    public let json: JSONValue
    public let requestId: String?
    /// Retries made before this answer (attempts − 1).
    public let retryAttempts: Int
}
