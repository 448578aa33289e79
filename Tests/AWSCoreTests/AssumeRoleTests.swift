@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Role profiles against a scripted STS: what is sent (form, signature, parameters), how
/// source_profile chains and credential_source resolve, MFA, refresh, STS's errors and
/// retries, and every misconfiguration with the message that names it.
final class AssumeRoleTests: XCTestCase {
    let base = "[default]\naws_access_key_id = \(TestSecrets.accessKeyId)\naws_secret_access_key = \(TestSecrets.secretAccessKey)\n"

    /// Answers every call with fresh keys (ASIAROLE1, 2, …) lasting DurationSeconds (default an hour).
    func sts(clock: TestClock? = nil) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer { req, i in
            let f = formFields(req)
            let lifetime = f["DurationSeconds"].flatMap(Double.init) ?? 3600
            return STSAnswer.credentials(action: f["Action"] ?? "AssumeRole", accessKeyId: "ASIAROLE\(i + 1)",
                                         expiration: (clock?.now ?? Date()).addingTimeInterval(lifetime),
                                         roleArn: f["RoleArn"] ?? "arn:aws:iam::123456789012:role/x")
        }
    }

    func testAssumeRoleSendsTheProfileSettingsSignedWithTheSourceKeys() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", """
            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/admin
            source_profile = default
            external_id = ext-42
            role_session_name = alice-session
            duration_seconds = 1800
            """)
        let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_REGION": "eu-west-1"])
        let id = try await provider.identity()
        XCTAssertEqual(id.source, "assume-role (profile admin)")
        XCTAssertEqual(id.accessKeyId, "ASIAROLE1")
        let c = try await provider.credentials()
        XCTAssertEqual(c.secretAccessKey, TestSecrets.roleSecretAccessKey)
        XCTAssertEqual(c.sessionToken, TestSecrets.roleSessionToken)
        XCTAssertNotNil(c.expiration)

        let req = try XCTUnwrap(server.requests.first)
        XCTAssertEqual(server.requestCount, 1, "the assumed role is cached")
        XCTAssertEqual(formFields(req), [
            "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::123456789012:role/admin",
            "RoleSessionName": "alice-session", "ExternalId": "ext-42", "DurationSeconds": "1800",
        ])
        // Signed for STS in the run's region with the source profile's long-term key (no token).
        try assertSignedForSTS(req, region: "eu-west-1",
                               credentials: AWSCredentials(accessKeyId: TestSecrets.accessKeyId, secretAccessKey: TestSecrets.secretAccessKey))
    }

    func testDefaultSessionNameIsTheAWSCLIs() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n")
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        _ = try await profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], clock: clock).credentials()
        let f = formFields(try XCTUnwrap(server.requests.first))
        XCTAssertEqual(f["RoleSessionName"], "botocore-session-1800000000")
        XCTAssertNil(f["DurationSeconds"], "STS's default applies when the profile sets none")
        XCTAssertNil(f["ExternalId"])
    }

    func testTwoLevelChainAssumesEachRoleWithThePreviousOnesCredentials() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", """
            [profile ops]
            role_arn = arn:aws:iam::111111111111:role/ops
            source_profile = default
            [profile admin]
            role_arn = arn:aws:iam::222222222222:role/admin
            source_profile = ops
            """)
        let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        let id = try await provider.identity()
        XCTAssertEqual(id.source, "assume-role (profile admin)")
        XCTAssertEqual(id.accessKeyId, "ASIAROLE2")
        let requests = server.requests
        XCTAssertEqual(requests.map { formFields($0)["RoleArn"] }, ["arn:aws:iam::111111111111:role/ops", "arn:aws:iam::222222222222:role/admin"])
        XCTAssertTrue(requests[0].header("Authorization")?.contains("Credential=\(TestSecrets.accessKeyId)/") ?? false)
        // The second role is assumed with the first role's temporary credentials, token included.
        XCTAssertTrue(requests[1].header("Authorization")?.contains("Credential=ASIAROLE1/") ?? false)
        XCTAssertEqual(requests[1].header("X-Amz-Security-Token"), TestSecrets.roleSessionToken)
    }

    func testSourceProfileWithSSOOrProcessOrWebIdentityIsReadAsItsOwnProfile() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        let script = try home.write("creds.sh", """
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret-0123456789"}'
            """, executable: true)
        try home.write(".aws/config", """
            [profile proc]
            credential_process = \(script)
            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/admin
            source_profile = proc
            """)
        let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        let got1 = try await provider.identity().accessKeyId
        XCTAssertEqual(got1, "ASIAROLE1")
        XCTAssertTrue(server.requests[0].header("Authorization")?.contains("Credential=AKIAPROC/") ?? false)
    }

    func testAProfileMayBeItsOwnSourceWhenItHasKeys() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", """
            [self]
            aws_access_key_id = AKIASELF
            aws_secret_access_key = selfsecret-0123456789
            role_arn = arn:aws:iam::123456789012:role/admin
            source_profile = self
            """)
        let provider = try profileProvider("self", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
        let id = try await provider.identity()
        XCTAssertEqual(id.source, "assume-role (profile self)", "role_arn wins over the keys of the profile itself")
        XCTAssertTrue(server.requests[0].header("Authorization")?.contains("Credential=AKIASELF/") ?? false)
    }

    func testCredentialSourceEnvironmentInstanceMetadataAndContainer() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let expiry = Date().addingTimeInterval(3600).iso8601()
        let container = try await ScriptedHTTPServer(script: [.json(200,
            #"{"AccessKeyId":"AKIACONTAINER","SecretAccessKey":"containersecret","Token":"containertoken","Expiration":"\#(expiry)"}"#)])
        defer { Task { await container.shutdown() } }
        let imds = try await ScriptedHTTPServer { req, _ in
            switch (req.method, req.uri) {
            case ("PUT", "/latest/api/token"): return .init(status: 200, body: Array("t".utf8))
            case ("GET", "/latest/meta-data/iam/security-credentials/"): return .init(status: 200, body: Array("r\n".utf8))
            default: return .json(200, #"{"Code":"Success","AccessKeyId":"AKIAIMDS","SecretAccessKey":"imdssecret","Token":"imdstoken","Expiration":"\#(expiry)"}"#)
            }
        }
        defer { Task { await imds.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/config", """
            [profile env]
            role_arn = arn:aws:iam::123456789012:role/env
            credential_source = Environment
            [profile ec2]
            role_arn = arn:aws:iam::123456789012:role/ec2
            credential_source = Ec2InstanceMetadata
            [profile ecs]
            role_arn = arn:aws:iam::123456789012:role/ecs
            credential_source = EcsContainer
            """)
        let env = ["AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_ACCESS_KEY_ID": "AKIAFROMENV", "AWS_SECRET_ACCESS_KEY": "envsecret-0123456789",
                   "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL, "AWS_CONTAINER_CREDENTIALS_FULL_URI": container.baseURL + "/creds"]
        for (profile, key) in [("env", "AKIAFROMENV"), ("ec2", "AKIAIMDS"), ("ecs", "AKIACONTAINER")] {
            let provider = try profileProvider(profile, home: home, environment: env, explicitProfile: true)
            let id = try await provider.identity()
            XCTAssertEqual(id.source, "assume-role (profile \(profile))")
            let last = try XCTUnwrap(server.requests.last)
            XCTAssertEqual(formFields(last)["RoleArn"], "arn:aws:iam::123456789012:role/\(profile)")
            XCTAssertTrue(last.header("Authorization")?.contains("Credential=\(key)/") ?? false, "\(profile): \(last.header("Authorization") ?? "")")
        }
        // credential_source = Environment with no keys there: an error naming the profile.
        let bare = try profileProvider("env", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], explicitProfile: true)
        let e = await credentialsFailure(bare)
        XCTAssertEqual(e?.code, "CredentialsError")
        XCTAssertTrue(e?.message.contains("credential_source = Environment of profile env found no credentials") ?? false, e?.message ?? "")
    }

    func testMFACodeIsAskedForAndSent() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", """
            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/admin
            source_profile = default
            mfa_serial = arn:aws:iam::123456789012:mfa/alice
            """)
        let prompts = MFAPrompts(code: " 123456\n")
        let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL],
                                           askForMFACode: prompts.provider)
        _ = try await provider.credentials()
        _ = try await provider.credentials()
        XCTAssertEqual(prompts.questions.map { "\($0.0) \($0.1)" }, ["admin arn:aws:iam::123456789012:mfa/alice"],
                       "asked once: the role's credentials are cached")
        let f = formFields(try XCTUnwrap(server.requests.first))
        XCTAssertEqual(f["SerialNumber"], "arn:aws:iam::123456789012:mfa/alice")
        XCTAssertEqual(f["TokenCode"], "123456")

        // Nobody to ask (no hook, or the hook finds no terminal): the profile and device are named, nothing is sent.
        for hook in [nil, MFAPrompts(code: nil).provider] {
            let before = server.requestCount
            let unattended = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], askForMFACode: hook)
            let e = await credentialsFailure(unattended)
            XCTAssertEqual(e?.code, "CredentialsError")
            XCTAssertTrue(e?.message.contains("profile admin needs a code from the MFA device arn:aws:iam::123456789012:mfa/alice (mfa_serial)") ?? false,
                          e?.message ?? "")
            XCTAssertEqual(server.requestCount, before)
        }
    }

    func testShortLivedRoleCredentialsAreAssumedAgainBeforeTheyExpire() async throws {
        let clock = TestClock()
        let server = try await sts(clock: clock)
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", """
            [profile ops]
            role_arn = arn:aws:iam::111111111111:role/ops
            source_profile = default
            duration_seconds = 7200
            [profile admin]
            role_arn = arn:aws:iam::222222222222:role/admin
            source_profile = ops
            """)
        let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], clock: clock)
        let got2 = try await provider.identity().accessKeyId
        XCTAssertEqual(got2, "ASIAROLE2")
        // An hour-long role, an hour later minus a little: inside the refresh window.
        clock.advance(3000)
        let got3 = try await provider.identity().accessKeyId
        XCTAssertEqual(got3, "ASIAROLE2", "still valid for ten minutes: cached")
        clock.advance(400)
        let got4 = try await provider.identity().accessKeyId
        XCTAssertEqual(got4, "ASIAROLE3", "five minutes before expiry: assumed again")
        // Only the link that was due: ops lasts two hours and was still good.
        func roles() -> [String] { server.requests.map { String(formFields($0)["RoleArn"]!.split(separator: "/").last!) } }
        XCTAssertEqual(roles(), ["ops", "admin", "admin"])
        clock.advance(3550)
        _ = try await provider.credentials()
        XCTAssertEqual(roles(), ["ops", "admin", "admin", "ops", "admin"], "after two hours ops is due too, and comes first")
        // Hours of running: every use gets credentials with more than the refresh window left.
        for _ in 0..<12 {
            clock.advance(1700)
            let c = try await provider.credentials()
            XCTAssertGreaterThan(try XCTUnwrap(c.expiration).timeIntervalSince(clock.now), 300)
        }
        XCTAssertEqual(roles().filter { $0 == "admin" }.count, 3 + 12 / 2, "admin assumed again every other use (each lasts an hour)")
    }

    func testSTSErrorsBecomeCredentialsErrorsWithTheirCodeAndAreNotRetried() async throws {
        let cases: [(Int, String, String)] = [
            (403, "AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole"),
            (400, "ExpiredTokenException", "The security token included in the request is expired"),
            (403, "RegionDisabledException", "STS is not activated in this region for account:123456789012."),
            (400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint"),
            (400, "MalformedPolicyDocument", "The policy is not in the valid JSON format."),
        ]
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n")
        for (status, code, message) in cases {
            let server = try await ScriptedHTTPServer(script: [STSAnswer.error(status, code, message)])
            let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL])
            let e = await credentialsFailure(provider)
            XCTAssertEqual(e?.code, "CredentialsError", code)
            XCTAssertEqual(e?.kind, .credentials)
            let text = e?.message ?? ""
            XCTAssertTrue(text.contains("STS AssumeRole failed assuming role arn:aws:iam::123456789012:role/admin for profile admin"), text)
            XCTAssertTrue(text.contains("\(code): \(message)"), text)
            XCTAssertTrue(text.contains("request id req-sts-1"), text)
            XCTAssertEqual(server.requestCount, 1, "\(code) is not retried")
            assertNoTestSecret(text)
            await server.shutdown()
        }
    }

    func testThrottlingAndServerErrorsAreRetriedLikeServiceCalls() async throws {
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n")
        let good = STSAnswer.credentials(expiration: Date().addingTimeInterval(3600))
        let server = try await ScriptedHTTPServer(script: [STSAnswer.error(400, "Throttling", "Rate exceeded"),
                                                           STSAnswer.error(500, "InternalFailure", "oops"), .reset, good])
        defer { Task { await server.shutdown() } }
        let provider = try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], maxAttempts: 4)
        let id = try await provider.identity()
        XCTAssertEqual(id.accessKeyId, TestSecrets.roleAccessKeyId)
        XCTAssertEqual(server.requestCount, 4)

        // Out of attempts: the last error, with the attempts made.
        let failing = try await ScriptedHTTPServer(script: [STSAnswer.error(503, "ServiceUnavailable", "try later")])
        defer { Task { await failing.shutdown() } }
        let e = await credentialsFailure(try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": failing.baseURL], maxAttempts: 2))
        XCTAssertTrue(e?.message.contains("ServiceUnavailable: try later (request id req-sts-1, 2 attempts)") ?? false, e?.message ?? "")
        XCTAssertEqual(failing.requestCount, 2)
    }

    func testUnreadableAnswersAreCredentialsErrors() async throws {
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n")
        let answers: [(ScriptedResponse, String)] = [
            (ScriptedResponse(status: 200, body: Array("<AssumeRoleResponse><unclosed>".utf8)), "not XML"),
            (ScriptedResponse(status: 200, body: Array("<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>".utf8)), "without AccessKeyId"),
            (ScriptedResponse(status: 200, body: Array("""
                <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>
                <SessionToken>T</SessionToken><Expiration>soon</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>
                """.utf8)), "Expiration"),
            (ScriptedResponse(status: 502, headers: [("Content-Type", "text/html")], body: Array("<html><title>Bad Gateway</title></html>".utf8)), "BadGateway"),
        ]
        for (answer, fragment) in answers {
            let server = try await ScriptedHTTPServer(script: [answer])
            let e = await credentialsFailure(try profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], maxAttempts: 1))
            XCTAssertEqual(e?.code, "CredentialsError")
            XCTAssertTrue(e?.message.contains(fragment) ?? false, "\(fragment): \(e?.message ?? "")")
            XCTAssertTrue(e?.message.contains("profile admin") ?? false, e?.message ?? "")
            await server.shutdown()
        }
    }

    func testBadRoleConfigurationsNameTheProfileAndSetting() async throws {
        let cases: [(String, String, AWSError.Kind, [String])] = [
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n",
             "a", .credentials, ["cycle: a → b → c → a"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n", "a", .credentials, ["cycle: a → a"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = missing\n", "a", .config,
             ["profile a names source_profile missing, which is in neither"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = default\ncredential_source = Environment\n", "a", .config,
             ["profile a has both source_profile and credential_source"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\n", "a", .config, ["profile a has role_arn but neither source_profile nor credential_source"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = Ec2\n", "a", .config,
             ["profile a has credential_source = Ec2; expected Environment, Ec2InstanceMetadata or EcsContainer"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = default\nduration_seconds = 1h\n", "a", .config,
             ["duration_seconds of profile a must be a whole number of seconds, got 1h"]),
            ("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n", "a", .credentials,
             ["source_profile empty of profile a found no credentials"]),
        ]
        for (config, profile, kind, fragments) in cases {
            let home = try TempHome()
            try home.write(".aws/credentials", base)
            try home.write(".aws/config", config)
            let provider = try profileProvider(profile, home: home, environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"])
            let e = await credentialsFailure(provider)
            XCTAssertEqual(e?.kind, kind, config)
            for f in fragments { XCTAssertTrue(e?.message.contains(f) ?? false, "\(f) not in: \(e?.message ?? "")") }
            // The same error every time: nothing half-built is kept.
            let again = await credentialsFailure(provider)
            XCTAssertEqual(again?.message, e?.message)
        }
    }

    func testDebugOutputOfSTSCallsShowsNoSecret() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", "[default]\naws_access_key_id = \(TestSecrets.accessKeyId)\naws_secret_access_key = \(TestSecrets.secretAccessKey)\naws_session_token = \(TestSecrets.sessionToken)\n")
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\n")
        let out = DebugOutput()
        _ = try await profileProvider("admin", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], debug: out.sink).credentials()
        let text = out.text
        XCTAssertTrue(text.contains("--> POST \(server.baseURL)/ (attempt 1)"), text)
        XCTAssertTrue(text.contains("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin"), text)
        XCTAssertTrue(text.contains("<AccessKeyId>ASIAROLE1</AccessKeyId>"), "the key id stays visible")
        XCTAssertTrue(text.contains("<SecretAccessKey>****</SecretAccessKey>"), text)
        XCTAssertTrue(text.contains("<SessionToken>****</SessionToken>"), text)
        XCTAssertTrue(text.contains("X-Amz-Security-Token: ****"), text)
        assertNoTestSecret(text)
    }

    func testEndpointsFollowTheRegionAndTheOverrides() throws {
        let home = try TempHome()
        try home.write(".aws/config", """
            [profile svc]
            services = local
            [services local]
            sts =
              endpoint_url = http://127.0.0.1:4566
            """)
        func endpoint(_ env: [String: String], profile: String = "default", region: String = "eu-central-1") throws -> String {
            let files = try SharedConfigFiles.load(environment: env, homeDirectory: home.path)
            return try CredentialChainContext(environment: env, files: files, profile: profile, homeDirectory: home.path, region: region)
                .stsClient().endpoint.url
        }
        XCTAssertEqual(try endpoint([:]), "https://sts.eu-central-1.amazonaws.com")
        XCTAssertEqual(try endpoint([:], region: "cn-north-1"), "https://sts.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(try endpoint(["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]), "http://127.0.0.1:1")
        XCTAssertEqual(try endpoint(["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:2/"]), "http://127.0.0.1:2")
        XCTAssertEqual(try endpoint([:], profile: "svc"), "http://127.0.0.1:4566")
        XCTAssertThrowsError(try endpoint(["AWS_ENDPOINT_URL_STS": "http://sts.example.com"])) { e in
            XCTAssertEqual((e as? AWSError)?.kind, .config, "plain http off loopback would carry the signed request in clear")
        }
    }

    func testCommandLineEndpointDoesNotRedirectSTS() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        try home.write(".aws/credentials", base)
        try home.write(".aws/config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\nregion = us-east-1\n")
        let config = try await resolve(baseEnvironment(["AWS_ENDPOINT_URL_STS": server.baseURL]), home: home,
                                       overrides: AWSConfigOverrides(profile: "admin", endpointURL: "http://127.0.0.1:9"))
        XCTAssertEqual(config.endpoint, "http://127.0.0.1:9")
        let got5 = try await config.credentials.identity().source
        XCTAssertEqual(got5, "assume-role (profile admin)")
        XCTAssertEqual(server.requestCount, 1)
    }
}
