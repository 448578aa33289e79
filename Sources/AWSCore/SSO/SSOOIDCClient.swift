import Foundation

/// SSO OIDC's CreateToken with the refresh-token grant: a new access token for the
/// client `aws sso login` registered, without a browser. restJson1, unsigned:
/// `POST /token` with the client id and secret and the refresh token.
struct SSOOIDCClient: Sendable {
    static let service = ServiceDescriptor(signingName: "sso-oauth", endpointPrefix: "oidc",
                                           endpointEnvironmentID: "SSO_OIDC", targetPrefix: "")

    let endpoint: CredentialServiceEndpoint
    let call: CredentialServiceCall
    let userAgent: String
    let now: @Sendable () -> Date

    /// The token with a new access token, expiry and (when OIDC rotates it) refresh token.
    func refresh(_ token: SSOToken) async throws -> SSOToken {
        guard let clientId = token.clientId, let clientSecret = token.clientSecret, let refreshToken = token.refreshToken else {
            throw AWSError.credentials("the cached SSO token has no refresh token and client registration")
        }
        let body = try JSONCodec.encode(.object([
            "clientId": .string(clientId), "clientSecret": .string(clientSecret),
            "grantType": .string("refresh_token"), "refreshToken": .string(refreshToken),
        ]))
        let url = endpoint.url + "/token"
        guard let parts = URLParts(url) else {
            throw AWSError.config("invalid SSO OIDC endpoint URL \(endpoint.url) (from \(endpoint.source))")
        }
        let result = await call.send(operation: "CreateToken", endpoint: endpoint, redactor: Redactor(secrets: token.secrets),
                                     request: { _ in
            HTTPRequestMessage(method: "POST", url: url, headers: [("Host", parts.hostHeader), ("Content-Type", "application/json"),
                                                                  ("User-Agent", userAgent)], body: body)
        }, parseError: SSOJSONFailure.parse, responseSecrets: { response in
            guard let json = try? JSONCodec.decode(response.body) else { return [] }
            return ["accessToken", "refreshToken", "idToken"].compactMap { json[$0]?.stringValue }
        })
        let answer = try result.get().body
        guard let json = try? JSONCodec.decode(answer), let access = json["accessToken"]?.stringValue, !access.isEmpty else {
            throw AWSError.credentials("SSO OIDC answered CreateToken without an accessToken")
        }
        let seconds: Double
        switch json["expiresIn"] {
        case .int(let s)?: seconds = Double(s)
        case .double(let s)?: seconds = s
        default: throw AWSError.credentials("SSO OIDC answered CreateToken without expiresIn")
        }
        var refreshed = token
        refreshed.accessToken = access
        refreshed.expiresAt = now().addingTimeInterval(seconds)
        if let r = json["refreshToken"]?.stringValue, !r.isEmpty { refreshed.refreshToken = r }
        return refreshed
    }
}
