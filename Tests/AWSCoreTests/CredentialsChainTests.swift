import AWSCore
import Foundation
import TestSupport
import XCTest

final class CredentialsChainTests: XCTestCase {
    /// Who the chain resolved for `env` ("source: access key id"), and the configuration.
    func identity(_ env: [String: String], home: TempHome,
                  overrides: AWSConfigOverrides = AWSConfigOverrides()) async throws -> (String, ResolvedConfig) {
        let config = try await resolve(env, home: home, overrides: overrides)
        let id = try await config.credentials.identity()
        return ("\(id.source): \(id.accessKeyId)", config)
    }

    func testEnvironmentCredentials() async throws {
        let home = try TempHome()
        let (who, config) = try await identity(baseEnvironment(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envsecret",
                                                                "AWS_SESSION_TOKEN": "envtoken", "AWS_REGION": "eu-west-1"]), home: home)
        XCTAssertEqual(who, "environment: AKIAENV")
        let c = try await config.credentials.credentials()
        XCTAssertEqual(c.sessionToken, "envtoken")
        XCTAssertFalse("\(c)".contains("envsecret"), "description must not show the secret")
    }

    func testPartialEnvironmentIsAnError() async throws {
        let home = try TempHome()
        let config = try await resolve(baseEnvironment(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_REGION": "eu-west-1"]), home: home)
        let e = await expectAWSError { try await config.credentials.credentials() }
        XCTAssertEqual(e?.kind, .credentials)
        XCTAssertEqual(e?.code, "CredentialsError")
        XCTAssertTrue(e?.message.contains("AWS_SECRET_ACCESS_KEY") ?? false)
    }

    func testSharedCredentialsFileDefaultProfile() async throws {
        let home = try TempHome(config: "[default]\nregion = ap-southeast-2\n", credentials: ProfileText.keys("default", "AKIAFILE", "filesecret"))
        let (who, config) = try await identity(baseEnvironment(), home: home)
        XCTAssertEqual(who, "shared-credentials-file profile default: AKIAFILE")
        XCTAssertEqual("\(config.region) from \(config.regionSource)", "ap-southeast-2 from profile default")
    }

    func testNamedProfileFromConfigFileAndCustomLocations() async throws {
        let home = try TempHome()
        let cfg = try home.write("elsewhere/cfg", """
            # comment
            [profile dev]
            aws_access_key_id=AKIADEV
            aws_secret_access_key=devsecret
            aws_session_token=devtoken
            region=eu-central-1
            [dev]
            region = wrong-section
            """)
        let creds = try home.write("elsewhere/creds", "[other]\naws_access_key_id = X\naws_secret_access_key = Y\n")
        let (who, config) = try await identity(baseEnvironment(["AWS_PROFILE": "dev", "AWS_CONFIG_FILE": cfg,
                                                                "AWS_SHARED_CREDENTIALS_FILE": creds]), home: home)
        XCTAssertEqual(who, "config-file profile dev: AKIADEV")
        XCTAssertEqual("\(config.profile) in \(config.region)", "dev in eu-central-1")
    }

    func testCredentialsFileBeatsConfigFileForTheSameProfile() async throws {
        let home = try TempHome(config: "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s2\nregion = us-west-2\n",
                                credentials: ProfileText.keys("dev", "AKIACREDFILE", "s1"))
        let (who, _) = try await identity(baseEnvironment(["AWS_PROFILE": "dev"]), home: home)
        XCTAssertEqual(who, "shared-credentials-file profile dev: AKIACREDFILE")
    }

    func testEnvironmentBeatsFilesUnlessProfileIsExplicit() async throws {
        let home = try TempHome()
        try home.write(".aws/credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = p\n")
        let env = baseEnvironment(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "e", "AWS_REGION": "us-east-1"])
        let fromEnv = try await identity(env, home: home).0
        XCTAssertEqual(fromEnv, "environment: AKIAENV")
        // AWS_PROFILE alone does not hide the environment keys...
        let envProfile = try await identity(env.merging(["AWS_PROFILE": "prod"]) { $1 }, home: home).0
        XCTAssertEqual(envProfile, "environment: AKIAENV")
        // ...but an explicit --profile does.
        let explicit = try await identity(env, home: home, overrides: AWSConfigOverrides(profile: "prod")).0
        XCTAssertEqual(explicit, "shared-credentials-file profile prod: AKIAPROD")
        // And explicit credentials beat everything.
        let given = try await identity(env, home: home, overrides: AWSConfigOverrides(
            credentials: AWSCredentials(accessKeyId: "AKIAGIVEN", secretAccessKey: "g"))).0
        XCTAssertEqual(given, "explicit: AKIAGIVEN")
    }

    func testCredentialProcess() async throws {
        let home = try TempHome()
        let expiry = Date().addingTimeInterval(3600)
        let script = try home.write("bin/creds.sh", """
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "\(expiry.iso8601())"}'
            """, executable: true)
        try home.write(".aws/config", "[profile p]\ncredential_process = \(script) --flag \"quoted arg\"\nregion = us-east-1\n")
        let (who, config) = try await identity(baseEnvironment(["AWS_PROFILE": "p"]), home: home)
        XCTAssertEqual(who, "credential_process (profile p): AKIAPROC")
        let c = try await config.credentials.credentials()
        XCTAssertEqual(c.sessionToken, "proctoken")
        XCTAssertEqual(c.expiration?.timeIntervalSince1970 ?? 0, expiry.timeIntervalSince1970, accuracy: 1)
    }

    func testCredentialProcessFailures() async throws {
        let home = try TempHome()
        let failing = try home.write("bin/fail.sh", "#!/bin/sh\necho oops >&2\nexit 3\n", executable: true)
        let badJSON = try home.write("bin/bad.sh", "#!/bin/sh\necho 'not json {'\n", executable: true)
        let noVersion = try home.write("bin/nov.sh", "#!/bin/sh\necho '{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"topsecret\"}'\n", executable: true)
        try home.write(".aws/config", """
            [profile fail]
            credential_process = \(failing)
            region = us-east-1
            [profile bad]
            credential_process = \(badJSON)
            region = us-east-1
            [profile nov]
            credential_process = \(noVersion)
            region = us-east-1
            """)
        for (profile, fragment) in [("fail", "status 3"), ("bad", "did not return JSON"), ("nov", "Version")] {
            let config = try await resolve(baseEnvironment(["AWS_PROFILE": profile]), home: home)
            let e = await expectAWSError { try await config.credentials.credentials() }
            XCTAssertEqual(e?.kind, .credentials, profile)
            XCTAssertTrue(e?.message.contains(fragment) ?? false, "\(profile): \(e?.message ?? "")")
            XCTAssertFalse(e?.message.contains("topsecret") ?? true)
        }
    }

    func testRoleProfileWhoseSourceIsMissingNamesIt() async throws {
        let home = try TempHome()
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\nregion = us-east-1\n")
        let config = try await resolve(baseEnvironment(["AWS_PROFILE": "admin"]), home: home)
        let e = await expectAWSError { try await config.credentials.credentials() }
        XCTAssertEqual(e?.code, "ConfigError")
        XCTAssertTrue(e?.message.contains("profile admin names source_profile default, which is in neither") ?? false, e?.message ?? "")
    }

    func testMissingExplicitProfileIsAConfigError() async throws {
        let home = try TempHome()
        let e = await expectAWSError { try await resolve(baseEnvironment(["AWS_REGION": "us-east-1"]), home: home,
                                                         overrides: AWSConfigOverrides(profile: "nope")) }
        XCTAssertEqual(e?.kind, .config)
        XCTAssertTrue(e?.message.contains("nope") ?? false)
    }

    func testNothingYieldsListsEverySourceTried() async throws {
        let home = try TempHome()
        let config = try await resolve(baseEnvironment(["AWS_REGION": "us-east-1"]), home: home)
        let e = await expectAWSError { try await config.credentials.credentials() }
        XCTAssertEqual(e?.kind, .credentials)
        for source in ["environment", "shared files profile default", "container", "imds"] {
            XCTAssertTrue(e?.message.contains(source) ?? false, "\(source) missing from: \(e?.message ?? "")")
        }
    }

    func testContainerCredentialsWithTokenFile() async throws {
        let home = try TempHome()
        let expiry = Date().addingTimeInterval(3600).iso8601()
        let server = try await ScriptedHTTPServer(script: [.json(200,
            #"{"AccessKeyId":"AKIACONT","SecretAccessKey":"contsecret","Token":"conttoken","Expiration":"\#(expiry)"}"#)])
        defer { Task { await server.shutdown() } }
        let tokenFile = try home.write("token", "Bearer from-file\n")
        let (who, _) = try await identity(baseEnvironment([
            "AWS_REGION": "us-east-1",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/v2/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-file-set",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
        ]), home: home)
        XCTAssertEqual(who, "container: AKIACONT")
        XCTAssertEqual(server.requests.first?.uri, "/v2/credentials")
        XCTAssertEqual(server.requests.first?.header("Authorization"), "Bearer from-file")
    }

    func testContainerRefusesPlainHTTPToOtherHosts() async throws {
        let home = try TempHome()
        let config = try await resolve(baseEnvironment(["AWS_REGION": "us-east-1",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"]), home: home)
        let e = await expectAWSError { try await config.credentials.credentials() }
        XCTAssertEqual(e?.kind, .credentials)
        XCTAssertTrue(e?.message.contains("example.com") ?? false)
    }

    /// An IMDSv2 stand-in: token PUT, role listing, role credentials; counts credential fetches.
    func makeIMDS(expiresIn: TimeInterval) async throws -> ScriptedHTTPServer {
        let fetches = Counter()
        return try await ScriptedHTTPServer { req, _ in
            switch (req.method, req.uri) {
            case ("PUT", "/latest/api/token"):
                guard req.header("X-aws-ec2-metadata-token-ttl-seconds") != nil else { return .init(status: 400) }
                return .init(status: 200, body: Array("imds-token".utf8))
            case (_, _) where req.header("X-aws-ec2-metadata-token") != "imds-token":
                return .init(status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .init(status: 200, body: Array("my-role\n".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/my-role"):
                let n = fetches.next()
                let exp = Date().addingTimeInterval(expiresIn).iso8601()
                return .json(200, #"{"Code":"Success","AccessKeyId":"AKIAIMDS\#(n)","SecretAccessKey":"imdssecret","Token":"imdstoken","Expiration":"\#(exp)"}"#)
            case ("GET", "/latest/meta-data/placement/region"):
                return .init(status: 200, body: Array("sa-east-1".utf8))
            default:
                return .init(status: 404)
            }
        }
    }

    func testInstanceMetadataV2FlowAndRegion() async throws {
        let home = try TempHome()
        let imds = try await makeIMDS(expiresIn: 3600)
        defer { Task { await imds.shutdown() } }
        let (who, config) = try await identity(["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL], home: home)
        XCTAssertEqual("\(config.region) from \(config.regionSource)", "sa-east-1 from imds")
        XCTAssertEqual(who, "imds: AKIAIMDS1")
        let requests = imds.requests
        XCTAssertTrue(requests.contains { $0.method == "PUT" && $0.uri == "/latest/api/token" })
        XCTAssertTrue(requests.filter { $0.method == "GET" }.allSatisfy { $0.header("X-aws-ec2-metadata-token") == "imds-token" },
                      "every metadata GET must carry the IMDSv2 token")
        // Long-lived credentials are cached: no new fetch.
        let again = try await config.credentials.identity()
        XCTAssertEqual(again.accessKeyId, "AKIAIMDS1")
    }

    func testExpiringCredentialsAreRefreshedBeforeExpiration() async throws {
        let home = try TempHome()
        // Expiring in two minutes: inside the five-minute refresh window, so every use refreshes.
        let imds = try await makeIMDS(expiresIn: 120)
        defer { Task { await imds.shutdown() } }
        let config = try await resolve(["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL, "AWS_REGION": "us-east-1"], home: home)
        let first = try await config.credentials.credentials()
        let second = try await config.credentials.credentials()
        XCTAssertEqual(first.accessKeyId, "AKIAIMDS1")
        XCTAssertEqual(second.accessKeyId, "AKIAIMDS2")
    }

    func testRefreshFailureKeepsStillValidCredentials() async throws {
        let source = FlakySource()
        let provider = CredentialsProvider(sources: [source], refreshWindow: 300)
        let c1 = try await provider.credentials()
        source.fail = true
        let c2 = try await provider.credentials()
        XCTAssertEqual(c1, c2, "a failed refresh must fall back to credentials that have not expired yet")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}

final class FlakySource: CredentialSource, @unchecked Sendable {
    var fail = false
    var name: String { "flaky" }
    func load() async throws -> CredentialSourceResult {
        if fail { throw AWSError.credentials("down") }
        return .found(AWSCredentials(accessKeyId: "AKIAFLAKY", secretAccessKey: "s", expiration: Date().addingTimeInterval(60)), source: "flaky")
    }
}
