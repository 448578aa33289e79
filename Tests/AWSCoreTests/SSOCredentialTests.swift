@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// IAM Identity Center profiles against scripted stand-ins for the portal and SSO OIDC:
/// the token cache as `aws sso login` writes it, GetRoleCredentials, the refresh through
/// CreateToken and the write-back, and every way a login can be stale or a config wrong.
final class SSOCredentialTests: XCTestCase {
    /// ProfileText.ssoDev, and a legacy profile (from before sso-session) with the same login.
    static let sessionConfig = ProfileText.ssoDev + """
        sso_registration_scopes = sso:account:access
        [profile legacy]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        sso_account_id = 444455556666
        sso_role_name = ReadOnly
        """

    /// The portal: role credentials for the bearer token it expects, 401 otherwise.
    static func portal(acceptedToken: String = TestSecrets.ssoAccessToken) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer { req, _ in
            guard req.method == "GET", req.uri.hasPrefix("/federation/credentials?") else { return .init(status: 404) }
            guard req.header("x-amz-sso_bearer_token") == acceptedToken else {
                return .json(401, #"{"message":"Session token not found or invalid"}"#,
                             headers: [("x-amzn-ErrorType", "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard.service/")])
            }
            let ms = Int64((Date().timeIntervalSince1970 + 3600) * 1000)
            return .json(200, #"{"roleCredentials":{"accessKeyId":"\#(TestSecrets.roleAccessKeyId)","secretAccessKey":"\#(TestSecrets.roleSecretAccessKey)","sessionToken":"\#(TestSecrets.roleSessionToken)","expiration":\#(ms)}}"#)
        }
    }

    /// OIDC CreateToken: a new access token (and a rotated refresh token) for the right client.
    static func oidc(_ answer: ScriptedResponse? = nil) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer { req, _ in
            if let answer { return answer }
            guard req.method == "POST", req.uri == "/token", let body = try? JSONCodec.decode(req.body),
                  body["grantType"] == .string("refresh_token"), body["clientId"] == .string("client-1"),
                  body["clientSecret"] == .string(TestSecrets.ssoClientSecret), body["refreshToken"] == .string(TestSecrets.ssoRefreshToken)
            else {
                return .json(400, #"{"error":"invalid_grant","error_description":"Invalid grant provided"}"#,
                             headers: [("x-amzn-ErrorType", "InvalidGrantException")])
            }
            return .json(200, #"{"accessToken":"\#(TestSecrets.ssoRefreshedAccessToken)","tokenType":"Bearer","expiresIn":28800,"refreshToken":"\#(TestSecrets.ssoRefreshToken)-2"}"#)
        }
    }

    /// A home with `sessionConfig` and a login cached for the session (or the start URL)
    /// as `aws sso login` writes it (ProfileText.ssoCache).
    @discardableResult
    static func writeCache(_ home: TempHome, key: String = "corp", expiresAt: Date, refreshable: Bool = true,
                           registrationExpiresAt: Date = Date().addingTimeInterval(86_400 * 60)) throws -> String {
        try home.write(".aws/sso/cache/" + SSOTokenCache.fileName(cacheKey: key),
                       ProfileText.ssoCache(expiresAt: expiresAt, refreshable: refreshable, registrationExpiresAt: registrationExpiresAt))
    }

    /// A home with `sessionConfig` and, unless `expiresIn` is nil, the session's login
    /// cached to expire that many seconds from now.
    func loggedIn(expiresIn: TimeInterval?) throws -> TempHome {
        let home = try TempHome(config: Self.sessionConfig)
        if let expiresIn { try Self.writeCache(home, expiresAt: Date().addingTimeInterval(expiresIn)) }
        return home
    }

    /// The portal accepting `token`, and SSO OIDC answering `oidc` (default: refreshing
    /// the cached login), both shut down when the test ends.
    func peers(portalAccepts token: String = TestSecrets.ssoAccessToken,
               oidc answer: ScriptedResponse? = nil) async throws -> (ScriptedHTTPServer, ScriptedHTTPServer) {
        let portal = try await Self.portal(acceptedToken: token)
        let oidc = try await Self.oidc(answer)
        addTeardownBlock { Task { await portal.shutdown(); await oidc.shutdown() } }
        return (portal, oidc)
    }

    func provider(_ profile: String, home: TempHome, portal: ScriptedHTTPServer?, oidc: ScriptedHTTPServer? = nil,
                  clock: TestClock = TestClock(), debug: DebugSink? = nil) throws -> CredentialsProvider {
        var env = ["AWS_ENDPOINT_URL_SSO": portal?.baseURL ?? "http://127.0.0.1:9"]
        env["AWS_ENDPOINT_URL_SSO_OIDC"] = oidc?.baseURL ?? "http://127.0.0.1:9"
        return try profileProvider(profile, home: home, environment: env, explicitProfile: true, clock: clock, maxAttempts: 2, debug: debug)
    }

    func testCacheFileNamesAreTheAWSCLIs() {
        // hashlib.sha1(b"corp").hexdigest(), and of the start URL for a legacy profile.
        XCTAssertEqual(SSOTokenCache.fileName(cacheKey: "corp"), "ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
        XCTAssertEqual(SSOTokenCache.fileName(cacheKey: "https://corp.awsapps.com/start"), "a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json")
    }

    func testValidTokenGivesRoleCredentialsFromThePortal() async throws {
        let (portal, _) = try await peers()
        let home = try loggedIn(expiresIn: 3600)
        let p = try provider("dev", home: home, portal: portal)
        let id = try await p.identity()
        XCTAssertEqual(id.source, "sso (profile dev)")
        XCTAssertEqual(id.accessKeyId, TestSecrets.roleAccessKeyId)
        let c = try await p.credentials()
        XCTAssertEqual(c.secretAccessKey, TestSecrets.roleSecretAccessKey)
        XCTAssertEqual(c.sessionToken, TestSecrets.roleSessionToken)
        XCTAssertEqual(try XCTUnwrap(c.expiration).timeIntervalSinceNow, 3600, accuracy: 60, "epoch milliseconds read as a time")
        let req = try XCTUnwrap(portal.requests.first)
        XCTAssertEqual(req.uri, "/federation/credentials?account_id=111122223333&role_name=Admin")
        XCTAssertNil(req.header("Authorization"), "the portal is called with the bearer token, unsigned")
        XCTAssertEqual(portal.requestCount, 1)
    }

    func testLegacyProfileUsesTheStartURLsCacheFile() async throws {
        let (portal, _) = try await peers()
        let home = try loggedIn(expiresIn: nil)
        try Self.writeCache(home, key: "https://corp.awsapps.com/start", expiresAt: Date().addingTimeInterval(3600), refreshable: false)
        let id = try await provider("legacy", home: home, portal: portal).identity()
        XCTAssertEqual(id.source, "sso (profile legacy)")
        XCTAssertEqual(portal.requests.first?.uri, "/federation/credentials?account_id=444455556666&role_name=ReadOnly")
    }

    func testExpiredTokenIsRefreshedAndWrittenBack() async throws {
        let (portal, oidc) = try await peers(portalAccepts: TestSecrets.ssoRefreshedAccessToken)
        let home = try loggedIn(expiresIn: -60)
        let file = home.path + "/" + ProfileText.ssoCacheFile
        let id = try await provider("dev", home: home, portal: portal, oidc: oidc).identity()
        XCTAssertEqual(id.accessKeyId, TestSecrets.roleAccessKeyId)
        XCTAssertEqual(oidc.requestCount, 1)
        XCTAssertEqual(oidc.requests.first?.header("Content-Type"), "application/json")
        XCTAssertEqual(portal.requests.first?.header("x-amz-sso_bearer_token"), TestSecrets.ssoRefreshedAccessToken)

        // Written back as the AWS CLI would: the new token, its expiry, the rotated refresh
        // token, every other member kept; readable by the owner only.
        let written = try JSONCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        XCTAssertEqual(written["accessToken"], .string(TestSecrets.ssoRefreshedAccessToken))
        XCTAssertEqual(written["refreshToken"], .string(TestSecrets.ssoRefreshToken + "-2"))
        XCTAssertEqual(written["clientSecret"], .string(TestSecrets.ssoClientSecret))
        XCTAssertEqual(written["startUrl"], .string("https://corp.awsapps.com/start"))
        let expires = try XCTUnwrap(written["expiresAt"]?.stringValue)
        XCTAssertTrue(expires.hasSuffix("Z") && !expires.contains("."), expires)
        XCTAssertEqual(try XCTUnwrap(SSOTokenCache.parseTime(expires)).timeIntervalSinceNow, 28_800, accuracy: 60)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)

        // The next run finds the refreshed token and refreshes nothing.
        let again = try await provider("dev", home: home, portal: portal, oidc: oidc).identity()
        XCTAssertEqual(again.accessKeyId, TestSecrets.roleAccessKeyId)
        XCTAssertEqual(oidc.requestCount, 1)
    }

    func testTokenAboutToExpireIsRefreshedAndKeptWhenTheRefreshFails() async throws {
        let (portal, oidc) = try await peers(oidc: .json(500, #"{"message":"internal"}"#, headers: [("x-amzn-ErrorType", "InternalServerException")]))
        let home = try loggedIn(expiresIn: 300)
        let id = try await provider("dev", home: home, portal: portal, oidc: oidc).identity()
        XCTAssertEqual(id.accessKeyId, TestSecrets.roleAccessKeyId, "a token that still works is used")
        XCTAssertEqual(oidc.requestCount, 2, "the refresh was tried, and retried as a 500")
        XCTAssertEqual(portal.requests.first?.header("x-amz-sso_bearer_token"), TestSecrets.ssoAccessToken)
    }

    func testStaleLoginsSayToLogInAgain() async throws {
        let portal = try await Self.portal()
        defer { Task { await portal.shutdown() } }
        let invalidGrant = try await Self.oidc(.json(400, #"{"error":"invalid_grant","error_description":"Refresh token has expired"}"#,
                                                   headers: [("x-amzn-ErrorType", "InvalidGrantException")]))
        let oauthOnly = try await Self.oidc(.json(400, #"{"error":"expired_token","error_description":"Token is expired"}"#))
        defer { Task { await invalidGrant.shutdown(); await oauthOnly.shutdown() } }
        let login = "run `aws sso login --profile dev`"
        let expired = Date().addingTimeInterval(-60)
        let cases: [(String, (TempHome) throws -> Void, ScriptedHTTPServer?, [String])] = [
            ("no cache", { _ in }, nil, ["no SSO login is cached for it", "ee0bfd2552fbd840c02cc48b6e823320543c450f.json", login]),
            ("not JSON", { try $0.write(".aws/sso/cache/" + SSOTokenCache.fileName(cacheKey: "corp"), "{oops") }, nil,
             ["cannot be used: it is not a JSON object", login]),
            ("no token", { try $0.write(".aws/sso/cache/" + SSOTokenCache.fileName(cacheKey: "corp"), #"{"expiresAt":"2030-01-01T00:00:00Z"}"#) }, nil,
             ["it holds no accessToken", login]),
            ("expired, no refresh token", { try Self.writeCache($0, expiresAt: expired, refreshable: false) }, nil,
             ["the SSO session of profile dev expired at", "nothing to refresh it with", login]),
            ("expired, registration expired", { try Self.writeCache($0, expiresAt: expired, registrationExpiresAt: Date().addingTimeInterval(-1)) },
             nil, ["nothing to refresh it with", login]),
            ("expired, refresh refused", { try Self.writeCache($0, expiresAt: expired) }, invalidGrant,
             ["could not be refreshed (SSO OIDC CreateToken: InvalidGrantException: Refresh token has expired", login]),
            ("expired, OAuth error only", { try Self.writeCache($0, expiresAt: expired) }, oauthOnly,
             ["could not be refreshed (SSO OIDC CreateToken: expired_token: Token is expired", login]),
        ]
        for (name, setUp, oidc, fragments) in cases {
            let home = try loggedIn(expiresIn: nil)
            try setUp(home)
            let before = portal.requestCount
            let e = await credentialsFailure(try provider("dev", home: home, portal: portal, oidc: oidc))
            XCTAssertEqual(e?.code, "CredentialsError", name)
            for f in fragments { XCTAssertTrue(e?.message.contains(f) ?? false, "\(name): \(f) not in: \(e?.message ?? "")") }
            XCTAssertEqual(portal.requestCount, before, "\(name): the portal is not asked with a token known to be bad")
            assertNoTestSecret(e?.message ?? "")
        }
    }

    func testPortalRefusalsAndBadAnswers() async throws {
        let home = try loggedIn(expiresIn: 3600)
        let cases: [(ScriptedResponse, [String])] = [
            (.json(401, #"{"message":"Session token not found or invalid"}"#, headers: [("x-amzn-ErrorType", "UnauthorizedException")]),
             ["the SSO portal refused the cached login of profile dev (UnauthorizedException: Session token not found or invalid", "aws sso login --profile dev"]),
            (.json(403, #"{"message":"No access"}"#, headers: [("x-amzn-ErrorType", "ForbiddenException")]),
             ["SSO GetRoleCredentials for role Admin in account 111122223333 (profile dev) failed: ForbiddenException: No access"]),
            (.json(404, #"{"message":"Could not find role"}"#, headers: [("x-amzn-ErrorType", "ResourceNotFoundException")]),
             ["ResourceNotFoundException: Could not find role"]),
            (.json(200, #"{"roleCredentials": {"accessKeyId": "AKIA"}"#), ["without roleCredentials"]),
            (.json(200, "this is not json"), ["without roleCredentials"]),
            (.json(200, #"{"roleCredentials":{"accessKeyId":"A","secretAccessKey":"S","sessionToken":"T"}}"#), ["without an expiration"]),
        ]
        for (answer, fragments) in cases {
            let portal = try await ScriptedHTTPServer(script: [answer])
            let e = await credentialsFailure(try provider("dev", home: home, portal: portal))
            XCTAssertEqual(e?.code, "CredentialsError")
            for f in fragments { XCTAssertTrue(e?.message.contains(f) ?? false, "\(f) not in: \(e?.message ?? "")") }
            XCTAssertEqual(portal.requestCount, 1, "4xx answers are not retried")
            assertNoTestSecret(e?.message ?? "")
            await portal.shutdown()
        }
        // Throttling is retried like any call.
        let throttled = try await ScriptedHTTPServer(script: [
            .json(429, #"{"message":"Rate exceeded"}"#, headers: [("x-amzn-ErrorType", "TooManyRequestsException")]),
            .json(200, #"{"roleCredentials":{"accessKeyId":"AKIALATER","secretAccessKey":"S","sessionToken":"T","expiration":4102444800000}}"#)])
        defer { Task { await throttled.shutdown() } }
        let id = try await provider("dev", home: home, portal: throttled).identity()
        XCTAssertEqual(id.accessKeyId, "AKIALATER")
    }

    func testIncompleteSSOSettingsAreConfigErrors() async throws {
        let cases: [(String, String)] = [
            ("[profile dev]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n",
             "profile dev names sso_session nowhere, but"),
            ("[profile dev]\nsso_session = corp\nsso_account_id = 1\n[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n",
             "profile dev uses IAM Identity Center but lacks sso_role_name"),
            ("[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://x/start\n",
             "[sso-session corp]"),
            ("[profile dev]\nsso_session = corp\nsso_start_url = https://other/start\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n",
             "profile dev sets sso_start_url = https://other/start, but its sso_session corp says https://x/start"),
            ("[profile dev]\nsso_start_url = https://x/start\nsso_account_id = 1\nsso_role_name = R\n",
             "lacks sso_region"),
            ("[profile dev]\nsso_account_id = 1\n", "lacks sso_start_url, sso_region, sso_role_name"),
        ]
        for (config, fragment) in cases {
            let home = try TempHome()
            try home.write(".aws/config", config)
            let e = await credentialsFailure(try provider("dev", home: home, portal: nil))
            XCTAssertEqual(e?.kind, .config, config)
            XCTAssertTrue(e?.message.contains(fragment) ?? false, "\(fragment) not in: \(e?.message ?? "")")
        }
    }

    func testSSOAsTheSourceOfARole() async throws {
        let portal = try await Self.portal()
        let sts = try await ScriptedHTTPServer(script: [STSAnswer.credentials(accessKeyId: "ASIACHAINED", expiration: Date().addingTimeInterval(3600))])
        defer { Task { await portal.shutdown(); await sts.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/config", Self.sessionConfig + "\n[profile admin]\nrole_arn = arn:aws:iam::999999999999:role/admin\nsource_profile = dev\n")
        try Self.writeCache(home, expiresAt: Date().addingTimeInterval(3600))
        let p = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_SSO": portal.baseURL, "AWS_ENDPOINT_URL_STS": sts.baseURL])
        let id = try await p.identity()
        XCTAssertEqual(id.source, "assume-role (profile admin)")
        XCTAssertEqual(id.accessKeyId, "ASIACHAINED")
        XCTAssertTrue(sts.requests.first?.header("Authorization")?.contains("Credential=\(TestSecrets.roleAccessKeyId)/") ?? false)
    }

    func testEndpointsAreRegionalInTheSSORegionAndOverridable() throws {
        let home = try TempHome()
        let files = SharedConfigFiles()
        let context = CredentialChainContext(environment: [:], files: files, profile: "default", homeDirectory: home.path, region: "us-east-1")
        XCTAssertEqual(try context.endpoint(for: SSOPortalClient.service, region: "eu-west-1").url, "https://portal.sso.eu-west-1.amazonaws.com")
        XCTAssertEqual(try context.endpoint(for: SSOOIDCClient.service, region: "eu-west-1").url, "https://oidc.eu-west-1.amazonaws.com")
        let overridden = CredentialChainContext(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:2"],
                                                files: files, profile: "default", homeDirectory: home.path, region: "us-east-1")
        XCTAssertEqual(try overridden.endpoint(for: SSOPortalClient.service, region: "eu-west-1").url, "http://127.0.0.1:1")
        XCTAssertEqual(try overridden.endpoint(for: SSOOIDCClient.service, region: "eu-west-1").url, "http://127.0.0.1:2")
    }

    func testDebugOutputShowsNoTokenOrSecret() async throws {
        let (portal, oidc) = try await peers(portalAccepts: TestSecrets.ssoRefreshedAccessToken)
        let home = try loggedIn(expiresIn: -60)
        let out = DebugOutput()
        _ = try await provider("dev", home: home, portal: portal, oidc: oidc, debug: out.sink).credentials()
        assertContains(out.text, [
            "--> POST \(oidc.baseURL)/token", "--> GET \(portal.baseURL)/federation/credentials?account_id=111122223333&role_name=Admin",
            "x-amz-sso_bearer_token: ****", #""clientSecret":"****""#, #""accessKeyId":"\#(TestSecrets.roleAccessKeyId)""#,
        ])
        assertNoTestSecret(out.text, extra: [TestSecrets.ssoRefreshToken + "-2"])
        XCTAssertFalse(String(describing: SSOTokenCache(homeDirectory: home.path).read(cacheKey: "corp")).contains("cogshTest"))
    }
}
