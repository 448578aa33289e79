import Foundation

/// A profile with `role_arn`: STS AssumeRole, signed with the credentials of its
/// `source_profile` or `credential_source`. The source credentials sit in a provider of
/// their own, so a chain refreshes each link only when that link is about to expire.
struct AssumeRoleCredentialSource: CredentialSource {
    let profile: String
    let roleArn: String
    let roleSessionName: String?
    let externalId: String?
    let durationSeconds: Int?
    let mfaSerial: String?
    /// Where the source credentials come from, for messages: "profile base",
    /// "credential_source Environment".
    let sourceDescription: String
    let source: CredentialsProvider
    let context: CredentialChainContext

    var name: String { "assume-role (profile \(profile))" }

    func load() async throws -> CredentialSourceResult {
        let sourceCredentials = try await source.credentials()
        var request = AssumeRoleRequest(roleArn: roleArn, roleSessionName: roleSessionName ?? context.defaultRoleSessionName(),
                                        externalId: externalId, durationSeconds: durationSeconds)
        if let serial = mfaSerial {
            request.mfaSerial = serial
            request.tokenCode = try await mfaCode(serial: serial)
        }
        let what = "assuming role \(roleArn) for profile \(profile) (with credentials from \(sourceDescription))"
        do {
            let (credentials, _) = try await context.stsClient().assumeRole(request, with: sourceCredentials)
            return .found(credentials, source: name)
        } catch let e as AWSError where e.kind != .credentials && e.kind != .config {
            throw AWSError.credentials("STS AssumeRole failed \(what): \(e.credentialServiceSummary)")
        } catch let e as AWSError where e.kind == .credentials {
            throw AWSError.credentials("\(e.message), \(what)")
        }
    }

    /// The code from the program's prompt; without one the profile cannot be used here.
    private func mfaCode(serial: String) async throws -> String {
        let code = try await context.askForMFACode?(profile, serial)?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let code, !code.isEmpty else {
            throw AWSError.credentials("profile \(profile) needs a code from the MFA device \(serial) (mfa_serial), "
                + "and none can be asked for here (no terminal); run cogsh from a terminal, "
                + "or use a profile without mfa_serial for unattended runs")
        }
        return code
    }
}

/// A chain link that must yield: the source of a role profile declining (no keys in the
/// environment for `credential_source = Environment`, no instance role) is an error
/// naming the profile, not a reason to try something else.
struct RequiredCredentialSource: CredentialSource {
    let inner: any CredentialSource
    /// "profile admin (credential_source = Environment)"
    let requiredBy: String

    var name: String { inner.name }

    func load() async throws -> CredentialSourceResult {
        switch try await inner.load() {
        case .found(let c, let source): return .found(c, source: source)
        case .notConfigured(let why):
            throw AWSError.credentials("\(requiredBy) found no credentials: \(why)")
        }
    }
}
