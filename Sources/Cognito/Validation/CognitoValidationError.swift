/// Parameters the model rejects; nothing was sent. `message` already starts with the field
/// path, so it reads well on its own: `UserAttributes[2].Name: length 40 exceeds the maximum 32`.
public struct CognitoValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Path of the offending parameter (`UserAttributes[2].Name`, `ClientMetadata["k"]`); empty for the whole input.
    public let field: String
    public let message: String
    /// The API name, e.g. `AdminUpdateUserAttributes`.
    public let operation: String

    public init(field: String, message: String, operation: String) {
        self.field = field
        self.message = message
        self.operation = operation
    }

    public var description: String { message }
}
