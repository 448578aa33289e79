import AWSCore

/// Why a call failed: bad parameters (nothing was sent) or anything AWSCore reports.
/// Kept apart because a validation failure carries the field path, which AWSError has no room for.
public enum CognitoCallError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(CognitoValidationError)
    case failed(AWSError)

    /// Everything as one AWSError (a validation failure becomes code ValidationError, kind
    /// .validation, nothing sent), for callers that map AWSError kinds to exit codes.
    public var awsError: AWSError {
        switch self {
        case .failed(let e): return e
        case .invalid(let v):
            var e = AWSError.validation(v.message)
            e.operation = v.operation
            return e
        }
    }

    /// The parameter path of a validation failure, e.g. `UserAttributes[2].Name`.
    public var field: String? {
        if case .invalid(let v) = self { return v.field }
        return nil
    }

    public var description: String { awsError.description }
}
