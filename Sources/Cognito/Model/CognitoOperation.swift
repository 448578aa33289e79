/// One cognito-idp operation as the Lua layer needs it.
public struct CognitoOperation: Sendable {
    /// The API name, e.g. `AdminUpdateUserAttributes`.
    public let name: String
    /// boto3's snake_case name, e.g. `admin_update_user_attributes`.
    public let snakeName: String
    /// Exception names the model lists for this operation, in model order.
    public let errors: [String]
    /// Present when the operation pages its results.
    public let paginator: CognitoPaginator?
    let input: Int?
    let output: Int?

    /// True for calls that only read (Get, List, Describe, AdminGet, AdminList): `--dry-run` runs them.
    public var isReadOnly: Bool { CognitoService.isReadOnly(name) }
}

/// How an operation pages: pass the output token back as the input token until it is absent.
public struct CognitoPaginator: Sendable, Equatable {
    public let inputToken: String
    public let outputToken: String
    /// The list member of each page whose items `cognito.each` yields (the first, if several).
    public let resultKey: String
    /// The member that caps the page size, if any.
    public let limitKey: String?
}
