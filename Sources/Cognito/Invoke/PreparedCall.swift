import AWSCore

/// One operation call, validated and encoded once: the body that is sent, and the
/// same input as `--dry-run` and `--debug` show it.
public struct PreparedCall: Sendable {
    public let operation: CognitoOperation
    /// The validated input, as the body holds it.
    public let input: JSONValue
    /// The awsJson request body.
    public let body: [UInt8]

    /// A call that only reads (`--dry-run` sends it).
    public var isReadOnly: Bool { operation.isReadOnly }

    /// The input with the members the model marks sensitive masked, for display.
    public var shownInput: JSONValue {
        guard let shape = operation.input else { return input }
        return SensitiveRedactor.redact(input, shape: shape, model: ServiceModel.shared)
    }
}
