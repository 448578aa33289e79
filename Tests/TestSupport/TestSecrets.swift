/// The credentials the end-to-end tests give cogsh. They are long and unlike any
/// other text, so finding them in a log means a secret leaked: the test runner
/// checks every cogsh run's output for them, and `scripts/test` greps every log
/// the suite wrote (`scripts/check-secrets`).
public enum TestSecrets {
    public static let accessKeyId = "AKIDCOGSHTESTKEY0001"
    public static let secretAccessKey = "cogshTestSecret/K7MDENG+bPxRfiCYzz0123456789"
    public static let sessionToken = "cogshTestSessionToken//IQoJb3JpZ2luX2VjEXAMPLEzz0123456789"

    /// What scripted STS and SSO peers hand out: the temporary keys of an assumed role.
    public static let roleAccessKeyId = "ASIACOGSHTESTROLE001"
    public static let roleSecretAccessKey = "cogshTestRoleSecret/wJalrXUtnFEMI+K7MDENGzz0123456789"
    public static let roleSessionToken = "cogshTestRoleSessionToken//FwoGZXIvYXdzEXAMPLEzz0123456789"
    /// An OIDC token in a web identity token file (a JWT's shape: base64url parts and dots).
    public static let webIdentityToken = "cogshTestWebIdentityToken.eyJzdWIiOiJzeXN0ZW06c2EifQ.zz0123456789"
    /// What an `aws sso login` cache holds: the access token, the refresh token, and the
    /// secret of the registered OIDC client; and the access token a refresh returns.
    public static let ssoAccessToken = "cogshTestSSOAccessToken/aoaAAAAAGVsb2dpbkEXAMPLEzz0123456789"
    public static let ssoRefreshToken = "cogshTestSSORefreshToken/aorAAAAAGVyZWZyZXNoEXAMPLEzz0123456789"
    public static let ssoClientSecret = "cogshTestSSOClientSecret.eyJraWQiOiJrZXktMTU2NDAyODA5OSJ9zz0123456789"
    public static let ssoRefreshedAccessToken = "cogshTestSSORefreshedAccessToken/aoaBBBBBEXAMPLEzz0123456789"

    /// What a test must never see printed. Every secret here starts with "cogshTest":
    /// scripts/check-secrets greps the test logs for each such string in this file.
    public static let secrets = [secretAccessKey, sessionToken, roleSecretAccessKey, roleSessionToken, webIdentityToken,
                                 ssoAccessToken, ssoRefreshToken, ssoClientSecret, ssoRefreshedAccessToken]

    /// Environment for a cogsh run with these credentials and no shared files.
    public static func environment(region: String = "us-east-1", sessionToken: Bool = true) -> [String: String] {
        var env = ["AWS_ACCESS_KEY_ID": accessKeyId, "AWS_SECRET_ACCESS_KEY": secretAccessKey, "AWS_REGION": region,
                   "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        if sessionToken { env["AWS_SESSION_TOKEN"] = Self.sessionToken }
        return env
    }
}
