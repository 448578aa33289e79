import Foundation

/// The IAM Identity Center portal's GetRoleCredentials (restJson1, unsigned: the cached
/// access token is the proof): `GET /federation/credentials?account_id=…&role_name=…`
/// with the token in `x-amz-sso_bearer_token`; the keys come back with their expiry in
/// epoch milliseconds.
struct SSOPortalClient: Sendable {
    static let service = ServiceDescriptor(signingName: "awsssoportal", endpointPrefix: "portal.sso",
                                           endpointEnvironmentID: "SSO", targetPrefix: "")
    static let tokenHeader = "x-amz-sso_bearer_token"

    let endpoint: CredentialServiceEndpoint
    let call: CredentialServiceCall
    let userAgent: String

    func roleCredentials(accountId: String, roleName: String, accessToken: String) async throws -> AWSCredentials {
        let query = "account_id=\(SigV4Encoding.uriEncode(accountId))&role_name=\(SigV4Encoding.uriEncode(roleName))"
        let url = endpoint.url + "/federation/credentials?" + query
        guard let parts = URLParts(url) else {
            throw AWSError.config("invalid SSO portal endpoint URL \(endpoint.url) (from \(endpoint.source))")
        }
        let result = await call.send(operation: "GetRoleCredentials", endpoint: endpoint,
                                     redactor: Redactor(secrets: [accessToken]), request: { _ in
            HTTPRequestMessage(method: "GET", url: url, headers: [("Host", parts.hostHeader), ("Accept", "application/json"),
                                                                 ("User-Agent", userAgent), (Self.tokenHeader, accessToken)], body: [])
        }, parseError: SSOJSONFailure.parse)
        let body = try result.get().body
        guard let json = try? JSONCodec.decode(body), let rc = json["roleCredentials"],
              let id = rc["accessKeyId"]?.stringValue, !id.isEmpty,
              let secret = rc["secretAccessKey"]?.stringValue, !secret.isEmpty,
              let token = rc["sessionToken"]?.stringValue, !token.isEmpty else {
            throw AWSError.credentials("the SSO portal answered GetRoleCredentials without roleCredentials (accessKeyId, secretAccessKey, sessionToken)")
        }
        let expiration: Date
        switch rc["expiration"] {
        case .int(let ms)?: expiration = Date(timeIntervalSince1970: Double(ms) / 1000)
        case .double(let ms)?: expiration = Date(timeIntervalSince1970: ms / 1000)
        default: throw AWSError.credentials("the SSO portal answered GetRoleCredentials without an expiration")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}

/// The errors of the SSO portal and of SSO OIDC: restJson1 (`x-amzn-ErrorType`, a
/// `message`), and OAuth's `{"error": "invalid_grant", "error_description": …}` from OIDC.
enum SSOJSONFailure {
    static func parse(_ response: HTTPResponseMessage) -> ServiceFailure {
        var parsed = ServiceErrorParser.parse(status: response.status, headers: response.headers, body: response.body)
        if let json = try? JSONCodec.decode(response.body) {
            if let d = json["error_description"]?.stringValue, !d.isEmpty { parsed.message = d }
            if response.header("x-amzn-ErrorType") == nil, json["__type"] == nil, let e = json["error"]?.stringValue, !e.isEmpty {
                parsed.code = e
            }
        }
        return ServiceFailure(code: parsed.code, message: parsed.message,
                                        requestId: response.header("x-amzn-RequestId"))
    }
}
