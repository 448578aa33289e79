@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Web identity (EKS service accounts, CI runners) against a scripted STS: the
/// environment variables and the profile settings, the token file read at every refresh,
/// an unsigned request, and the errors an identity provider's token can meet.
final class WebIdentityTests: XCTestCase {
    func sts(lifetime: TimeInterval = 3600) async throws -> ScriptedHTTPServer {
        try await ScriptedHTTPServer { req, i in
            STSAnswer.credentials(action: "AssumeRoleWithWebIdentity", accessKeyId: "ASIAWEB\(i + 1)",
                                  expiration: Date().addingTimeInterval(lifetime))
        }
    }

    func testEnvironmentVariablesAssumeTheRoleUnsigned() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        let tokenFile = try home.write("token", TestSecrets.webIdentityToken + "\n")
        let provider = try profileProvider(home: home, environment: [
            "AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci", "AWS_ROLE_SESSION_NAME": "build-42"])
        let id = try await provider.identity()
        XCTAssertEqual(id.source, "web-identity")
        XCTAssertEqual(id.accessKeyId, "ASIAWEB1")
        let req = try XCTUnwrap(server.requests.first)
        XCTAssertNil(req.header("Authorization"), "AssumeRoleWithWebIdentity is sent unsigned")
        XCTAssertNil(req.header("X-Amz-Security-Token"))
        XCTAssertEqual(formFields(req), ["Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                                         "RoleArn": "arn:aws:iam::123456789012:role/ci", "RoleSessionName": "build-42",
                                         "WebIdentityToken": TestSecrets.webIdentityToken])
    }

    func testProfileSettingsAndEnvironmentPrecedence() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        let profileToken = try home.write("profile-token", "profile-token-value")
        let envToken = try home.write("env-token", TestSecrets.webIdentityToken)
        try home.write(".aws/config", """
            [profile ci]
            role_arn = arn:aws:iam::123456789012:role/from-profile
            web_identity_token_file = \(profileToken)
            role_session_name = from-profile
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = defaultsecret
            """)
        // The profile alone.
        let fromProfile = try profileProvider("ci", home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL], explicitProfile: true)
        let id = try await fromProfile.identity()
        XCTAssertEqual(id.source, "web-identity (profile ci)")
        XCTAssertEqual(formFields(server.requests[0])["RoleArn"], "arn:aws:iam::123456789012:role/from-profile")
        XCTAssertEqual(formFields(server.requests[0])["WebIdentityToken"], "profile-token-value")
        XCTAssertEqual(formFields(server.requests[0])["RoleSessionName"], "from-profile")

        let env = ["AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_WEB_IDENTITY_TOKEN_FILE": envToken,
                   "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/from-env"]
        // AWS_PROFILE (not --profile): each environment setting beats the profile's.
        let both = try profileProvider("ci", home: home, environment: env)
        _ = try await both.credentials()
        XCTAssertEqual(formFields(server.requests[1])["RoleArn"], "arn:aws:iam::123456789012:role/from-env")
        XCTAssertEqual(formFields(server.requests[1])["WebIdentityToken"], TestSecrets.webIdentityToken)
        XCTAssertEqual(formFields(server.requests[1])["RoleSessionName"], "from-profile")
        // --profile sets the environment aside, as it does for AWS_ACCESS_KEY_ID.
        let explicit = try profileProvider("ci", home: home, environment: env, explicitProfile: true)
        _ = try await explicit.credentials()
        XCTAssertEqual(formFields(server.requests[2])["RoleArn"], "arn:aws:iam::123456789012:role/from-profile")
        // As in botocore, the environment's web identity comes before a profile's keys.
        let overKeys = try profileProvider("default", home: home, environment: env)
        let overKeysId = try await overKeys.identity()
        XCTAssertEqual(overKeysId.source, "web-identity")
        XCTAssertEqual(server.requestCount, 4)
    }

    func testTheTokenFileIsReadAgainAtEveryRefresh() async throws {
        // Credentials for two minutes: inside the refresh window, so every use refreshes.
        let server = try await sts(lifetime: 120)
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        let tokenFile = try home.write("token", "first-token")
        let provider = try profileProvider(home: home, environment: [
            "AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci"])
        let first = try await provider.identity()
        // The platform rotates the token in place.
        try "second-token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let second = try await provider.identity()
        XCTAssertEqual([first.accessKeyId, second.accessKeyId], ["ASIAWEB1", "ASIAWEB2"])
        XCTAssertEqual(server.requests.map { formFields($0)["WebIdentityToken"] }, ["first-token", "second-token"])
    }

    func testBadTokenFilesAndMissingRoleAreNamed() async throws {
        let home = try TempHome()
        let empty = try home.write("empty", "  \n")
        let cases: [([String: String], AWSError.Kind, String)] = [
            (["AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/missing", "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci"], .credentials,
             "cannot read the web identity token file \(home.path)/missing (AWS_WEB_IDENTITY_TOKEN_FILE of the environment)"),
            (["AWS_WEB_IDENTITY_TOKEN_FILE": home.path, "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci"], .credentials,
             "cannot read the web identity token file \(home.path) "),
            (["AWS_WEB_IDENTITY_TOKEN_FILE": empty, "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci"], .credentials, "is empty"),
            (["AWS_WEB_IDENTITY_TOKEN_FILE": empty], .config,
             "a web identity token file is set (AWS_WEB_IDENTITY_TOKEN_FILE) but no role to assume: set AWS_ROLE_ARN"),
        ]
        for (env, kind, fragment) in cases {
            let provider = try profileProvider(home: home, environment: env.merging(["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"]) { $1 })
            let e = await credentialsFailure(provider)
            XCTAssertEqual(e?.kind, kind, fragment)
            XCTAssertTrue(e?.message.contains(fragment) ?? false, "\(fragment) not in: \(e?.message ?? "")")
        }
    }

    func testIdentityProviderErrorsAreSurfacedAndIDPCommunicationErrorIsRetried() async throws {
        let home = try TempHome()
        let tokenFile = try home.write("token", TestSecrets.webIdentityToken)
        let env = ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci"]
        for (code, message) in [("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider"),
                                ("ExpiredTokenException", "Token expired: current date/time 1700000000 must be before the expiration date/time"),
                                ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")] {
            let server = try await ScriptedHTTPServer(script: [STSAnswer.error(400, code, message)])
            let e = await credentialsFailure(try profileProvider(home: home, environment: env.merging(["AWS_ENDPOINT_URL_STS": server.baseURL]) { $1 }))
            XCTAssertEqual(e?.code, "CredentialsError")
            XCTAssertTrue(e?.message.contains("STS AssumeRoleWithWebIdentity failed assuming role arn:aws:iam::123456789012:role/ci") ?? false, e?.message ?? "")
            XCTAssertTrue(e?.message.contains("\(code): \(message)") ?? false, e?.message ?? "")
            XCTAssertEqual(server.requestCount, 1)
            assertNoTestSecret(e?.message ?? "")
            await server.shutdown()
        }
        let flaky = try await ScriptedHTTPServer(script: [
            STSAnswer.error(400, "IDPCommunicationError", "The identity provider could not be reached"),
            STSAnswer.credentials(action: "AssumeRoleWithWebIdentity", expiration: Date().addingTimeInterval(3600))])
        defer { Task { await flaky.shutdown() } }
        let id = try await profileProvider(home: home, environment: env.merging(["AWS_ENDPOINT_URL_STS": flaky.baseURL]) { $1 }).identity()
        XCTAssertEqual(id.accessKeyId, TestSecrets.roleAccessKeyId)
        XCTAssertEqual(flaky.requestCount, 2)
    }

    func testDebugOutputMasksTheToken() async throws {
        let server = try await sts()
        defer { Task { await server.shutdown() } }
        let home = try TempHome()
        // A token with characters form encoding changes: neither spelling may show.
        let token = TestSecrets.webIdentityToken + "+/="
        let tokenFile = try home.write("token", token)
        let out = DebugOutput()
        _ = try await profileProvider(home: home, environment: ["AWS_ENDPOINT_URL_STS": server.baseURL, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
                                                                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci"], debug: out.sink).credentials()
        XCTAssertEqual(formFields(try XCTUnwrap(server.requests.first))["WebIdentityToken"], token)
        XCTAssertTrue(out.text.contains("WebIdentityToken=****"), out.text)
        XCTAssertFalse(out.text.contains(SigV4Encoding.uriEncode(token)))
        assertNoTestSecret(out.text)
        XCTAssertEqual(String(describing: WebIdentityRequest(roleArn: "r", roleSessionName: "s", token: token)),
                       "WebIdentityRequest(roleArn: r, roleSessionName: s, token: ****)")
    }
}
