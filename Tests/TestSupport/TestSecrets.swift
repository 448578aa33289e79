/// The credentials the end-to-end tests give cogsh. They are long and unlike any
/// other text, so finding them in a log means a secret leaked: the test runner
/// checks every cogsh run's output for them, and `scripts/test` greps every log
/// the suite wrote (`scripts/check-secrets`).
public enum TestSecrets {
    public static let accessKeyId = "AKIDCOGSHTESTKEY0001"
    public static let secretAccessKey = "cogshTestSecret/K7MDENG+bPxRfiCYzz0123456789"
    public static let sessionToken = "cogshTestSessionToken//IQoJb3JpZ2luX2VjEXAMPLEzz0123456789"

    /// What a test must never see printed.
    public static let secrets = [secretAccessKey, sessionToken]

    /// Environment for a cogsh run with these credentials and no shared files.
    public static func environment(region: String = "us-east-1", sessionToken: Bool = true) -> [String: String] {
        var env = ["AWS_ACCESS_KEY_ID": accessKeyId, "AWS_SECRET_ACCESS_KEY": secretAccessKey, "AWS_REGION": region,
                   "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        if sessionToken { env["AWS_SESSION_TOKEN"] = Self.sessionToken }
        return env
    }
}
