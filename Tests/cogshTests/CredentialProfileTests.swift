import Foundation
import TestSupport
import XCTest

/// The profiles administrators have, end to end through the built program: a role
/// chain and web identity against moto's STS, an SSO login against a scripted portal,
/// and each misconfiguration with its message and exit status 253.
final class CredentialProfileTests: XCTestCase {
    /// A run that sees only the test's files and settings: every AWS variable that could
    /// come from the developer's shell is blanked (cogsh reads an empty one as unset).
    func environment(_ home: String, _ extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [:]
        for name in ProcessInfo.processInfo.environment.keys where name.hasPrefix("AWS_") { env[name] = "" }
        env["HOME"] = home
        env["AWS_CONFIG_FILE"] = home + "/.aws/config"
        env["AWS_SHARED_CREDENTIALS_FILE"] = home + "/.aws/credentials"
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        env["AWS_REGION"] = "us-east-1"
        return env.merging(extra) { $1 }
    }

    func makeHome(config: String, credentials: String = "") throws -> String {
        let home = NSTemporaryDirectory() + "cogsh-creds-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home + "/.aws/sso/cache", withIntermediateDirectories: true)
        try config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        try credentials.write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: home) }
        return home
    }

    static let listPools = """
        local who = aws.credentials()
        print(who.source)
        assert(who.access_key_id:find("^ASIA"), who.access_key_id)
        assert(who.secret_access_key == nil)
        local pools = cognito.list_user_pools{ MaxResults = 5 }
        assert(pools.ResponseMetadata.HTTPStatusCode == 200)
        print("pools", #pools.UserPools)
        """

    func testRoleChainThroughMotosSTS() throws {
        let s = try MotoRoles(roles: ["ops", "admin"])
        defer { s.moto.stop() }
        let home = try makeHome(config: ProfileText.roleChain(["ops", "admin"], from: "base"), credentials: s.keys("base"))
        let result = try cogsh(["--profile", "admin", "-e", Self.listPools],
                               environment: environment(home, ["AWS_ENDPOINT_URL": s.moto.endpoint]), limit: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "assume-role (profile admin)\npools\t0\n")
        XCTAssertFalse(result.stdout.contains(s.secretAccessKey))
    }

    func testWebIdentityFromTheEnvironmentThroughMotosSTS() throws {
        // moto answers the unsigned AssumeRoleWithWebIdentity inside its no-auth window
        // only; the Cognito call after it is authenticated with the keys it returned.
        let s = try MotoRoles(roles: ["ci"], user: false, unsignedCalls: 1)
        defer { s.moto.stop() }
        let home = try makeHome(config: "")
        let token = home + "/token"
        try TestSecrets.webIdentityToken.write(toFile: token, atomically: true, encoding: .utf8)
        let result = try cogsh(["-e", Self.listPools], environment: environment(home, [
            "AWS_ENDPOINT_URL": s.moto.endpoint, "AWS_WEB_IDENTITY_TOKEN_FILE": token,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci", "AWS_ROLE_SESSION_NAME": "cron-job"]), limit: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "web-identity\npools\t0\n")
    }

    /// One scripted peer for the SSO portal, SSO OIDC and Cognito, told apart by path.
    func ssoPeer() async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer { req, _ in
            if req.uri == "/token" {
                return .json(200, #"{"accessToken":"\#(TestSecrets.ssoRefreshedAccessToken)","expiresIn":28800,"tokenType":"Bearer"}"#)
            }
            if req.uri.hasPrefix("/federation/credentials") {
                guard req.header("x-amz-sso_bearer_token") == TestSecrets.ssoRefreshedAccessToken else {
                    return .json(401, #"{"message":"Session token not found or invalid"}"#, headers: [("x-amzn-ErrorType", "UnauthorizedException")])
                }
                return .json(200, #"{"roleCredentials":{"accessKeyId":"\#(TestSecrets.roleAccessKeyId)","secretAccessKey":"\#(TestSecrets.roleSecretAccessKey)","sessionToken":"\#(TestSecrets.roleSessionToken)","expiration":4102444800000}}"#)
            }
            // Cognito: only with the role's keys and token.
            guard req.header("Authorization")?.contains("Credential=\(TestSecrets.roleAccessKeyId)/") == true,
                  req.header("X-Amz-Security-Token") == TestSecrets.roleSessionToken else {
                return .awsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
            }
            return .json(200, #"{"UserPools":[]}"#)
        }
    }

    /// The login `aws sso login` cached for ProfileText.ssoDev, `expiresIn` seconds from now.
    func writeSSOCache(_ home: String, expiresIn: TimeInterval, refreshable: Bool) throws -> String {
        let path = home + "/" + ProfileText.ssoCacheFile
        try ProfileText.ssoCache(expiresAt: Date().addingTimeInterval(expiresIn), refreshable: refreshable)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testSSOProfileRefreshesItsTokenAndShowsNoSecretInDebugOutput() async throws {
        let peer = try await ssoPeer()
        defer { Task { await peer.shutdown() } }
        let home = try makeHome(config: ProfileText.ssoDev)
        let cache = try writeSSOCache(home, expiresIn: -60, refreshable: true)
        let script = """
            print(aws.credentials().source)
            print("pools", #cognito.list_user_pools{ MaxResults = 5 }.UserPools)
            """
        let result = try cogsh(["--profile", "dev", "--debug", "--endpoint-url", peer.baseURL, "-e", script],
                               environment: environment(home, ["AWS_ENDPOINT_URL_SSO": peer.baseURL, "AWS_ENDPOINT_URL_SSO_OIDC": peer.baseURL]))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "sso (profile dev)\npools\t0\n")
        // --debug showed the credential calls too, with every secret masked (cogsh() checks
        // all the test secrets, the SSO tokens and the role's keys among them).
        XCTAssertTrue(result.stderr.contains("--> POST \(peer.baseURL)/token"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--> GET \(peer.baseURL)/federation/credentials?account_id=111122223333&role_name=Admin"))
        XCTAssertTrue(result.stderr.contains("X-Amz-Security-Token: ****"))
        let written = try String(contentsOfFile: cache, encoding: .utf8)
        XCTAssertTrue(written.contains(TestSecrets.ssoRefreshedAccessToken), "the refreshed token is written back for the next run")
    }

    func testMisconfiguredProfilesExit253WithTheirMessage() async throws {
        let keys = ProfileText.keys("base", TestSecrets.accessKeyId, TestSecrets.secretAccessKey)
        let sts = try await ScriptedHTTPServer(script: [.init(status: 403, body: Array("""
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
            """.utf8))])
        defer { Task { await sts.shutdown() } }
        struct Case { var name: String; var config: String; var profile: String; var env: [String: String] = [:]; var expected: [String] }
        let cases = [
            Case(name: "cycle", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
                 profile: "a", expected: ["CredentialsError: the source_profile settings form a cycle: a → b → a"]),
            Case(name: "missing source", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = gone\n",
                 profile: "a", expected: ["ConfigError: profile a names source_profile gone, which is in neither"]),
            Case(name: "both sources", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\ncredential_source = Environment\n",
                 profile: "a", expected: ["ConfigError: profile a has both source_profile and credential_source"]),
            Case(name: "no source", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\n",
                 profile: "a", expected: ["ConfigError: profile a has role_arn but neither source_profile nor credential_source"]),
            Case(name: "unreadable token file", config: "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nweb_identity_token_file = /nonexistent/token\n",
                 profile: "ci", expected: ["CredentialsError: cannot read the web identity token file /nonexistent/token (web_identity_token_file of profile ci)"]),
            Case(name: "expired SSO login", config: ProfileText.ssoDev, profile: "dev",
                 expected: ["CredentialsError: the SSO session of profile dev expired at", "run `aws sso login --profile dev`"]),
            Case(name: "incomplete SSO profile", config: "[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n",
                 profile: "dev", expected: ["ConfigError: profile dev uses IAM Identity Center but lacks sso_account_id, sso_role_name"]),
            Case(name: "STS refuses", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\n", profile: "a",
                 env: ["AWS_ENDPOINT_URL_STS": sts.baseURL],
                 expected: ["CredentialsError: STS AssumeRole failed assuming role arn:aws:iam::1:role/a for profile a",
                            "AccessDenied: User is not authorized to perform: sts:AssumeRole (request id r-1)"]),
            Case(name: "MFA without a terminal", config: "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/alice\n",
                 profile: "a", expected: ["CredentialsError: profile a needs a code from the MFA device arn:aws:iam::1:mfa/alice (mfa_serial)"]),
        ]
        // Without a controlling terminal, as under cron: nobody could type an MFA code.
        let setsid = "/usr/bin/setsid"
        guard FileManager.default.isExecutableFile(atPath: setsid) else { throw XCTSkip("no \(setsid) to run cogsh without a terminal") }
        for c in cases {
            let home = try makeHome(config: c.config, credentials: keys)
            if c.name == "expired SSO login" { _ = try writeSSOCache(home, expiresIn: -60, refreshable: false) }
            let env = environment(home, ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"].merging(c.env) { $1 })
            let args = ["-w", Executables.cogsh, "--profile", c.profile, "-e", "cognito.list_user_pools{ MaxResults = 1 }"]
            let result = try runCommand(setsid, args, environment: env)
            assertNoSecret(in: result.stdout + result.stderr, environment: env, run: args)
            XCTAssertEqual(result.status, 253, "\(c.name): \(result.stderr)")
            for e in c.expected { XCTAssertTrue(result.stderr.contains(e), "\(c.name): \(e) not in: \(result.stderr)") }
        }
        XCTAssertEqual(sts.requestCount, 1, "only the STS case reached STS")
    }
}
