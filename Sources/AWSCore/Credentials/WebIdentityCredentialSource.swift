import Foundation

/// STS AssumeRoleWithWebIdentity with an OIDC token from a file (EKS service accounts,
/// CI runners). The file is read again at every load: the platform rotates the token in
/// place, and a refresh with the old one would be refused once it expires.
struct WebIdentityCredentialSource: CredentialSource {
    let tokenFile: String
    let roleArn: String
    let roleSessionName: String?
    /// "profile ci" or "the environment": where the settings came from, for messages.
    let origin: String
    /// Which setting named the token file, for messages.
    let tokenFileSetting: String
    /// `aws.credentials().source`: "web-identity" or "web-identity (profile ci)".
    let sourceName: String
    let context: CredentialChainContext

    var name: String { "web-identity" }

    func load() async throws -> CredentialSourceResult {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw AWSError.credentials("cannot read the web identity token file \(tokenFile) (\(tokenFileSetting) of \(origin))")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw AWSError.credentials("the web identity token file \(tokenFile) (\(tokenFileSetting) of \(origin)) is empty")
        }
        let request = WebIdentityRequest(roleArn: roleArn, roleSessionName: roleSessionName ?? context.defaultRoleSessionName(),
                                         token: token)
        let what = "assuming role \(roleArn) with the web identity token of \(origin)"
        do {
            let (credentials, _) = try await context.stsClient().assumeRoleWithWebIdentity(request)
            return .found(credentials, source: sourceName)
        } catch let e as AWSError where e.kind != .credentials && e.kind != .config {
            throw AWSError.credentials("STS AssumeRoleWithWebIdentity failed \(what): \(e.credentialServiceSummary)")
        } catch let e as AWSError where e.kind == .credentials {
            throw AWSError.credentials("\(e.message), \(what)")
        }
    }
}
