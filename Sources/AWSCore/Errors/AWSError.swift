/// Every failure AWSCore reports: service exceptions and local trouble alike.
/// Messages are built only from service text and our own words, never from secrets.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarsely; the CLI maps it to an exit code.
    public enum Kind: String, Sendable {
        case service, network, timeout, parse, credentials, config
    }

    public var kind: Kind
    /// Service exception name (cleaned of `namespace#` and `:…`), or a local code.
    public var code: String
    public var message: String
    /// HTTP status; nil when no response came back (nothing sent, or the network failed).
    public var status: Int?
    public var requestId: String?
    public var operation: String?
    public var retryable: Bool
    public var throttling: Bool
    /// Attempts made, the failing one included (0 when nothing was sent).
    public var attempts: Int

    public init(kind: Kind, code: String, message: String, status: Int? = nil, requestId: String? = nil,
                operation: String? = nil, retryable: Bool = false, throttling: Bool = false, attempts: Int = 0) {
        self.kind = kind
        self.code = code
        self.message = message
        self.status = status
        self.requestId = requestId
        self.operation = operation
        self.retryable = retryable
        self.throttling = throttling
        self.attempts = attempts
    }

    /// `Code: message (Operation, request id …)`, the shape `tostring(err)` shows in Lua.
    public var description: String {
        var context: [String] = []
        if let operation { context.append(operation) }
        if let requestId { context.append("request id \(requestId)") }
        return "\(code): \(message)" + (context.isEmpty ? "" : " (\(context.joined(separator: ", ")))")
    }
}

/// The codes of failures that carry no exception name from a service: the one list,
/// used by AWSCore for its own failures and by the layers above for theirs.
public enum LocalErrorCode: String, Sendable {
    /// Bad parameters, found before anything was sent (the layers above validate).
    case validation = "ValidationError"
    case credentials = "CredentialsError"
    case config = "ConfigError"
    case network = "NetworkError"
    case timeout = "TimeoutError"
    /// A response (or a document) that cannot be read.
    case parse = "ParseError"
}

extension AWSError {
    public static func credentials(_ message: String) -> AWSError {
        AWSError(kind: .credentials, code: LocalErrorCode.credentials.rawValue, message: message)
    }

    public static func config(_ message: String) -> AWSError {
        AWSError(kind: .config, code: LocalErrorCode.config.rawValue, message: message)
    }

    public static func parse(_ message: String, status: Int? = nil, requestId: String? = nil) -> AWSError {
        AWSError(kind: .parse, code: LocalErrorCode.parse.rawValue, message: message, status: status, requestId: requestId)
    }

    public static func network(_ message: String, retryable: Bool = true) -> AWSError {
        AWSError(kind: .network, code: LocalErrorCode.network.rawValue, message: message, retryable: retryable)
    }

    public static func timeout(_ message: String) -> AWSError {
        AWSError(kind: .timeout, code: LocalErrorCode.timeout.rawValue, message: message, retryable: true)
    }
}
