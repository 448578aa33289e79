import AWSCore

/// The cognito-idp service as cogsh uses it: operation lookup, validation, help and
/// redaction; CognitoInvoker sends. The model behind it is decoded on first use.
///
/// Responses are `JSONValue` as the service sends them; timestamps arrive as JSON numbers
/// (seconds since the epoch, possibly fractional) and are kept as numbers.
public enum CognitoService {
    public static let apiVersion = GeneratedModel.apiVersion
    public static let targetPrefix = GeneratedModel.targetPrefix
    public static let signingName = GeneratedModel.signingName
    /// The service-specific endpoint variable of the AWS SDKs' endpoint configuration.
    public static let endpointEnvironmentVariable = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"
    public static let modelSource = "botocore \(GeneratedModel.botocoreVersion)"

    /// What AWSCore needs to resolve the endpoint, sign and retry for cognito-idp.
    /// `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` overrides the endpoint.
    public static let serviceDescriptor = ServiceDescriptor(
        signingName: GeneratedModel.signingName,
        endpointPrefix: GeneratedModel.endpointPrefix,
        endpointEnvironmentID: "COGNITO_IDENTITY_PROVIDER",
        targetPrefix: GeneratedModel.targetPrefix,
        hardLimitCodes: hardLimitCodes)

    /// `LimitExceededException` is Cognito's hard limit (too many user pools, groups,
    /// clients…), not throttling: waiting does not lift it, so it is never retried.
    /// Request-rate quotas answer `TooManyRequestsException`, which is retried.
    public static let hardLimitCodes: Set<String> = ["LimitExceededException"]

    /// Every operation, sorted by API name.
    public static var operations: [CognitoOperation] { ServiceModel.shared.operations }

    /// Looks an operation up by API name (`AdminUpdateUserAttributes`) or snake_case name
    /// (`admin_update_user_attributes`).
    public static func operation(named name: String) -> CognitoOperation? {
        let model = ServiceModel.shared
        return model.operation(apiName: name) ?? model.operation(snakeName: name)
    }

    /// Like `operation(named:)`, but says what is wrong and suggests a near name.
    public static func lookup(_ name: String) -> Result<CognitoOperation, CognitoLookupError> {
        if let op = operation(named: name) { return .success(op) }
        let snake = name.contains("_") || name.first?.isLowercase == true
        let candidates = operations.map { snake ? $0.snakeName : $0.name }
        return .failure(CognitoLookupError(name: name,
                                           suggestion: Suggestion.closest(to: name, among: candidates)))
    }

    /// True for API names that only read: Get, List, Describe, AdminGet, AdminList prefixes.
    public static func isReadOnly(_ apiName: String) -> Bool {
        ["Get", "List", "Describe", "AdminGet", "AdminList"].contains { apiName.hasPrefix($0) }
    }

    /// Validates `params` (a table) for the operation and returns the awsJson request body.
    public static func validate(_ name: String, params: ParamValue, notation: ValueNotation = .neutral) throws(CognitoValidationError) -> JSONValue {
        try validated(name, params: params, notation: notation).input
    }

    /// The operation `name` resolves to and the validated input.
    static func validated(_ name: String, params: ParamValue, notation: ValueNotation) throws(CognitoValidationError) -> (operation: CognitoOperation, input: JSONValue) {
        let op: CognitoOperation
        switch lookup(name) {
        case .success(let found): op = found
        case .failure(let e): throw CognitoValidationError(field: "", message: e.message, operation: name)
        }
        let validator = Validator(model: ServiceModel.shared, operation: op.name, notation: notation)
        guard let input = op.input else {
            if case .table(let t) = params, t.sequence.isEmpty, t.fields.isEmpty { return (op, .object([:])) }
            throw validator.fail("", "\(op.name) takes no parameters")
        }
        return (op, try validator.input(params, shape: input))
    }
}

/// An operation name that is not in the model.
public struct CognitoLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let suggestion: String?

    public var message: String {
        "unknown Cognito operation \(name)" + (suggestion.map { " — did you mean \($0)?" } ?? "")
    }

    public var description: String { message }
}
