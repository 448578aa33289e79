@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Role profiles when something is wrong: STS's refusals and unreadable answers become
/// CredentialsErrors naming the profile and role, trouble is retried as service calls
/// retry it, every misconfiguration is named, and `--debug` shows no secret.
final class AssumeRoleFailureTests: XCTestCase {
    /// Role `admin` assumed with the test's `[default]` keys.
    func adminHome() throws -> TempHome {
        try TempHome(config: AssumeRoleTests.admin, credentials: ProfileText.testKeys)
    }

    func testSTSErrorsBecomeCredentialsErrorsWithTheirCodeAndAreNotRetried() async throws {
        let cases: [(Int, String, String)] = [
            (403, "AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole"),
            (400, "ExpiredTokenException", "The security token included in the request is expired"),
            (403, "RegionDisabledException", "STS is not activated in this region for account:123456789012."),
            (400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint"),
            (400, "MalformedPolicyDocument", "The policy is not in the valid JSON format."),
        ]
        let home = try adminHome()
        for (status, code, message) in cases {
            let server = try await ScriptedHTTPServer(script: [STSAnswer.error(status, code, message)])
            let e = await credentialsFailure(try profileProvider("admin", home: home, sts: server.baseURL))
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
        let home = try adminHome()
        let server = try await ScriptedHTTPServer(script: STSAnswer.troubleThen(STSAnswer.credentials(expiration: Date().addingTimeInterval(3600))))
        defer { Task { await server.shutdown() } }
        let id = try await profileProvider("admin", home: home, sts: server.baseURL, maxAttempts: 4).identity()
        XCTAssertEqual(id.accessKeyId, TestSecrets.roleAccessKeyId)
        XCTAssertEqual(server.requestCount, 4)

        // Out of attempts: the last error, with the attempts made.
        let failing = try await ScriptedHTTPServer(script: [STSAnswer.error(503, "ServiceUnavailable", "try later")])
        defer { Task { await failing.shutdown() } }
        let e = await credentialsFailure(try profileProvider("admin", home: home, sts: failing.baseURL, maxAttempts: 2))
        XCTAssertTrue(e?.message.contains("ServiceUnavailable: try later (request id req-sts-1, 2 attempts)") ?? false, e?.message ?? "")
        XCTAssertEqual(failing.requestCount, 2)
    }

    func testUnreadableAnswersAreCredentialsErrors() async throws {
        let home = try adminHome()
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
            let e = await credentialsFailure(try profileProvider("admin", home: home, sts: server.baseURL, maxAttempts: 1))
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
            let home = try TempHome(config: config, credentials: ProfileText.testKeys)
            let provider = try profileProvider(profile, home: home, sts: "http://127.0.0.1:9")
            let e = await credentialsFailure(provider)
            XCTAssertEqual(e?.kind, kind, config)
            for f in fragments { XCTAssertTrue(e?.message.contains(f) ?? false, "\(f) not in: \(e?.message ?? "")") }
            // The same error every time: nothing half-built is kept.
            let again = await credentialsFailure(provider)
            XCTAssertEqual(again?.message, e?.message)
        }
    }

    func testDebugOutputOfSTSCallsShowsNoSecret() async throws {
        let server = try await stsPeer()
        let home = try TempHome(config: AssumeRoleTests.admin,
                                credentials: ProfileText.testKeys + "aws_session_token = \(TestSecrets.sessionToken)\n")
        let out = DebugOutput()
        _ = try await profileProvider("admin", home: home, sts: server.baseURL, debug: out.sink).credentials()
        // The key id stays visible; the secret key and the tokens, sent and received, do not.
        assertContains(out.text, [
            "--> POST \(server.baseURL)/ (attempt 1)",
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin",
            "<AccessKeyId>ASIAROLE1</AccessKeyId>", "<SecretAccessKey>****</SecretAccessKey>", "<SessionToken>****</SessionToken>",
            "X-Amz-Security-Token: ****",
        ])
        assertNoTestSecret(out.text)
    }
}
