@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Role profiles against a scripted STS: what is sent (form, signature, parameters), how
/// source_profile chains and credential_source resolve, MFA, and refresh. STS's errors,
/// retries and misconfigurations: AssumeRoleFailureTests.
final class AssumeRoleTests: XCTestCase {
    /// Role `admin` of account 123456789012, assumed with the `[default]` keys.
    static let admin = ProfileText.role("admin", source: "default")

    func testAssumeRoleSendsTheProfileSettingsSignedWithTheSourceKeys() async throws {
        let server = try await stsPeer()
        let home = try TempHome(config: ProfileText.role("admin", source: "default", "external_id = ext-42",
                                                         "role_session_name = alice-session", "duration_seconds = 1800"),
                                credentials: ProfileText.testKeys)
        let provider = try profileProvider("admin", home: home, sts: server.baseURL, environment: ["AWS_REGION": "eu-west-1"])
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
        let server = try await stsPeer()
        let home = try TempHome(config: Self.admin, credentials: ProfileText.testKeys)
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        _ = try await profileProvider("admin", home: home, sts: server.baseURL, clock: clock).credentials()
        let f = formFields(try XCTUnwrap(server.requests.first))
        XCTAssertEqual(f["RoleSessionName"], "botocore-session-1800000000")
        XCTAssertNil(f["DurationSeconds"], "STS's default applies when the profile sets none")
        XCTAssertNil(f["ExternalId"])
    }

    func testTwoLevelChainAssumesEachRoleWithThePreviousOnesCredentials() async throws {
        let server = try await stsPeer()
        let home = try TempHome(config: ProfileText.role("ops", arn: "arn:aws:iam::111111111111:role/ops", source: "default")
                                    + ProfileText.role("admin", arn: "arn:aws:iam::222222222222:role/admin", source: "ops"),
                                credentials: ProfileText.testKeys)
        let id = try await profileProvider("admin", home: home, sts: server.baseURL).identity()
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
        let server = try await stsPeer()
        let home = try TempHome()
        let script = try home.write("creds.sh", """
            #!/bin/sh
            echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret-0123456789"}'
            """, executable: true)
        try home.write(".aws/config", "[profile proc]\ncredential_process = \(script)\n" + ProfileText.role("admin", source: "proc"))
        let got1 = try await profileProvider("admin", home: home, sts: server.baseURL).identity().accessKeyId
        XCTAssertEqual(got1, "ASIAROLE1")
        XCTAssertTrue(server.requests[0].header("Authorization")?.contains("Credential=AKIAPROC/") ?? false)
    }

    func testAProfileMayBeItsOwnSourceWhenItHasKeys() async throws {
        let server = try await stsPeer()
        let home = try TempHome(credentials: ProfileText.keys("self", "AKIASELF", "selfsecret-0123456789")
                                    + "role_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = self\n")
        let id = try await profileProvider("self", home: home, sts: server.baseURL).identity()
        XCTAssertEqual(id.source, "assume-role (profile self)", "role_arn wins over the keys of the profile itself")
        XCTAssertTrue(server.requests[0].header("Authorization")?.contains("Credential=AKIASELF/") ?? false)
    }

    func testCredentialSourceEnvironmentInstanceMetadataAndContainer() async throws {
        let server = try await stsPeer()
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
        let home = try TempHome(config: """
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
        let env = ["AWS_ACCESS_KEY_ID": "AKIAFROMENV", "AWS_SECRET_ACCESS_KEY": "envsecret-0123456789",
                   "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL, "AWS_CONTAINER_CREDENTIALS_FULL_URI": container.baseURL + "/creds"]
        for (profile, key) in [("env", "AKIAFROMENV"), ("ec2", "AKIAIMDS"), ("ecs", "AKIACONTAINER")] {
            let provider = try profileProvider(profile, home: home, sts: server.baseURL, environment: env, explicitProfile: true)
            let id = try await provider.identity()
            XCTAssertEqual(id.source, "assume-role (profile \(profile))")
            let last = try XCTUnwrap(server.requests.last)
            XCTAssertEqual(formFields(last)["RoleArn"], "arn:aws:iam::123456789012:role/\(profile)")
            XCTAssertTrue(last.header("Authorization")?.contains("Credential=\(key)/") ?? false, "\(profile): \(last.header("Authorization") ?? "")")
        }
        // credential_source = Environment with no keys there: an error naming the profile.
        let e = await credentialsFailure(try profileProvider("env", home: home, sts: server.baseURL, explicitProfile: true))
        XCTAssertEqual(e?.code, "CredentialsError")
        XCTAssertTrue(e?.message.contains("credential_source = Environment of profile env found no credentials") ?? false, e?.message ?? "")
    }

    func testMFACodeIsAskedForAndSent() async throws {
        let server = try await stsPeer()
        let home = try TempHome(config: ProfileText.role("admin", source: "default", "mfa_serial = arn:aws:iam::123456789012:mfa/alice"),
                                credentials: ProfileText.testKeys)
        let prompts = MFAPrompts(code: " 123456\n")
        let provider = try profileProvider("admin", home: home, sts: server.baseURL, askForMFACode: prompts.provider)
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
            let e = await credentialsFailure(try profileProvider("admin", home: home, sts: server.baseURL, askForMFACode: hook))
            XCTAssertEqual(e?.code, "CredentialsError")
            XCTAssertTrue(e?.message.contains("profile admin needs a code from the MFA device arn:aws:iam::123456789012:mfa/alice (mfa_serial)") ?? false,
                          e?.message ?? "")
            XCTAssertEqual(server.requestCount, before)
        }
    }

    func testShortLivedRoleCredentialsAreAssumedAgainBeforeTheyExpire() async throws {
        let clock = TestClock()
        let server = try await stsPeer(clock: clock)
        let home = try TempHome(config: ProfileText.role("ops", arn: "arn:aws:iam::111111111111:role/ops", source: "default", "duration_seconds = 7200")
                                    + ProfileText.role("admin", arn: "arn:aws:iam::222222222222:role/admin", source: "ops"),
                                credentials: ProfileText.testKeys)
        let provider = try profileProvider("admin", home: home, sts: server.baseURL, clock: clock)
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
}

extension XCTestCase {
    /// A scripted STS, shut down when the test ends, that answers every call with fresh
    /// keys (ASIAROLE1, 2, …) lasting DurationSeconds (default an hour) from `clock`'s now.
    func stsPeer(clock: TestClock? = nil) async throws -> ScriptedHTTPServer {
        let server = try await ScriptedHTTPServer { req, i in
            let f = formFields(req)
            let lifetime = f["DurationSeconds"].flatMap(Double.init) ?? 3600
            return STSAnswer.credentials(action: f["Action"] ?? "AssumeRole", accessKeyId: "ASIAROLE\(i + 1)",
                                         expiration: (clock?.now ?? Date()).addingTimeInterval(lifetime),
                                         roleArn: f["RoleArn"] ?? "arn:aws:iam::123456789012:role/x")
        }
        addTeardownBlock { Task { await server.shutdown() } }
        return server
    }
}
