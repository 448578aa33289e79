import Foundation

/// IAM Identity Center: the access token `aws sso login` cached, exchanged at the portal
/// (GetRoleCredentials) for the profile's account and role. A token close to expiry is
/// refreshed through SSO OIDC when the cache holds a refresh token and a client
/// registration, and written back; otherwise the way out is a new `aws sso login`.
struct SSOCredentialSource: CredentialSource {
    let configuration: SSOConfiguration
    let context: CredentialChainContext
    /// Refresh the access token this long before it expires, as the AWS CLI does.
    static let tokenRefreshWindow: TimeInterval = 15 * 60

    var name: String { "sso (profile \(configuration.profile))" }
    private var profile: String { configuration.profile }
    private var login: String { "aws sso login --profile \(profile)" }

    func load() async throws -> CredentialSourceResult {
        let cache = SSOTokenCache(homeDirectory: context.homeDirectory)
        let file = cache.path(cacheKey: configuration.cacheKey)
        var token: SSOToken
        switch cache.read(cacheKey: configuration.cacheKey) {
        case .success(let t):
            token = t
        case .failure(.missing):
            throw AWSError.credentials("profile \(profile) uses IAM Identity Center (\(configuration.login)), and no SSO login is cached for it (\(file)): run `\(login)`")
        case .failure(.unreadable(let why)):
            throw AWSError.credentials("the SSO token cache \(file) of profile \(profile) cannot be used: \(why); run `\(login)`")
        }

        let now = context.now()
        if token.expiresAt.timeIntervalSince(now) < Self.tokenRefreshWindow, token.canRefresh(at: now) {
            do {
                token = try await refreshed(token)
            } catch let e as AWSError {
                // A token that still works is used while it lasts; the next load tries again.
                context.debugSink?.write("cogsh: refreshing the SSO token of profile \(profile) failed (\(e.credentialServiceSummary))")
                if token.expiresAt <= now {
                    throw AWSError.credentials("the SSO session of profile \(profile) expired at \(SSOTokenCache.formatTime(token.expiresAt)) "
                        + "and could not be refreshed (SSO OIDC CreateToken: \(e.credentialServiceSummary)): run `\(login)`")
                }
            }
        }
        guard token.expiresAt > now else {
            throw AWSError.credentials("the SSO session of profile \(profile) expired at \(SSOTokenCache.formatTime(token.expiresAt)) "
                + "and the cache has nothing to refresh it with (a refresh token and an unexpired client registration): run `\(login)`")
        }

        let portal = SSOPortalClient(endpoint: try context.endpoint(for: SSOPortalClient.service, region: configuration.region),
                                     call: context.call, userAgent: context.userAgent)
        do {
            let c = try await portal.roleCredentials(accountId: configuration.accountId, roleName: configuration.roleName,
                                                     accessToken: token.accessToken)
            return .found(c, source: name)
        } catch let e as AWSError where e.kind == .service && (e.status == 401 || e.code == "UnauthorizedException") {
            throw AWSError.credentials("the SSO portal refused the cached login of profile \(profile) (\(e.credentialServiceSummary)): run `\(login)`")
        } catch let e as AWSError where e.kind != .credentials && e.kind != .config {
            throw AWSError.credentials("SSO GetRoleCredentials for role \(configuration.roleName) in account \(configuration.accountId) "
                + "(profile \(profile)) failed: \(e.credentialServiceSummary)")
        }
    }

    /// CreateToken, then the cache written back so the AWS CLI and the next run see the
    /// new token. A failed write costs only a refresh next time; it does not fail the run.
    private func refreshed(_ token: SSOToken) async throws -> SSOToken {
        let oidc = SSOOIDCClient(endpoint: try context.endpoint(for: SSOOIDCClient.service, region: configuration.region),
                                 call: context.call, userAgent: context.userAgent, now: context.now)
        let new = try await oidc.refresh(token)
        do {
            try SSOTokenCache(homeDirectory: context.homeDirectory).write(new, cacheKey: configuration.cacheKey)
        } catch {
            context.debugSink?.write("cogsh: could not write the refreshed SSO token of profile \(profile) back to the cache: \(error)")
        }
        return new
    }
}
