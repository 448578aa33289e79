/// Credentials from the profile in the shared files, whatever kind it is: keys,
/// `credential_process`, a role to assume (through `source_profile` chains or a
/// `credential_source`), web identity, or IAM Identity Center (ProfileCredentialChain
/// decides). The chain is built once, at the first load, so every link keeps its cache
/// across refreshes; a setting that cannot work fails every load with the same error.
public struct SharedFilesCredentialSource: CredentialSource {
    public let profile: String
    let context: CredentialChainContext
    let environmentWebIdentity: Bool
    private let built = LockedBox<Result<any CredentialSource, AWSError>?>(nil)

    public var files: SharedConfigFiles { context.files }
    public var name: String { "shared files profile \(profile)" }

    init(context: CredentialChainContext, profile: String, environmentWebIdentity: Bool) {
        self.context = context
        self.profile = profile
        self.environmentWebIdentity = environmentWebIdentity
    }

    public func load() async throws -> CredentialSourceResult {
        try await chain().load()
    }

    private func chain() throws -> any CredentialSource {
        try built.withLock { slot in
            if let slot { return try slot.get() }
            let made: Result<any CredentialSource, AWSError>
            do {
                made = .success(try ProfileCredentialChain(context: context)
                    .source(for: profile, environmentWebIdentity: environmentWebIdentity))
            } catch let e as AWSError {
                made = .failure(e)
            } catch {
                made = .failure(AWSError.config("\(error)"))
            }
            slot = made
            return try made.get()
        }
    }
}
