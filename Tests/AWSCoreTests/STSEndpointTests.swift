@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Where STS is called, for AssumeRole (the credential chain) and GetCallerIdentity (a
/// resolved client) alike: the regional endpoint, moved by AWS_ENDPOINT_URL_STS,
/// AWS_ENDPOINT_URL and the config file's `[services]`, never by `--endpoint-url` (it
/// names Cognito's endpoint).
final class STSEndpointTests: XCTestCase {
    func testEndpointsFollowTheRegionAndTheOverrides() async throws {
        let home = try TempHome(config: "[profile svc]\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\n")
        /// The chain's STS endpoint and the client's, which must agree.
        func endpoints(_ env: [String: String], profile: String = "default", region: String = "eu-central-1") async throws -> [String] {
            let files = try SharedConfigFiles.load(environment: env, homeDirectory: home.path)
            let chain = try CredentialChainContext(environment: env, files: files, profile: profile, homeDirectory: home.path, region: region)
                .stsClient().endpoint.url
            let config = try await resolve(baseEnvironment(env), home: home, overrides: AWSConfigOverrides(
                profile: profile == "default" ? nil : profile, region: region, endpointURL: "http://127.0.0.1:9",
                credentials: AWSCredentials(accessKeyId: "AKIA", secretAccessKey: "s")))
            return [chain, try config.stsEndpoint.get().url]
        }
        let cases: [([String: String], String, String, String)] = [
            ([:], "default", "eu-central-1", "https://sts.eu-central-1.amazonaws.com"),
            ([:], "default", "cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn"),
            (["AWS_ENDPOINT_URL": "http://127.0.0.1:1"], "default", "eu-central-1", "http://127.0.0.1:1"),
            (["AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:2/"], "default", "eu-central-1",
             "http://127.0.0.1:2"),
            ([:], "svc", "eu-central-1", "http://127.0.0.1:4566"),
        ]
        for (env, profile, region, expected) in cases {
            let got = try await endpoints(env, profile: profile, region: region)
            XCTAssertEqual(got, [expected, expected], "\(env) \(profile) \(region)")
        }

        // Plain http off loopback would carry the signed request in clear: refused by the
        // chain, and by the client only for the call that needs STS, with nothing sent.
        let insecure = ["AWS_ENDPOINT_URL_STS": "http://sts.example.com"]
        let files = try SharedConfigFiles.load(environment: insecure, homeDirectory: home.path)
        XCTAssertThrowsError(try CredentialChainContext(environment: insecure, files: files, profile: "default",
                                                        homeDirectory: home.path, region: "eu-central-1").stsClient()) { e in
            XCTAssertEqual((e as? AWSError)?.kind, .config)
        }
        let config = try await resolve(baseEnvironment(insecure), home: home, overrides: AWSConfigOverrides(
            region: "eu-central-1", credentials: AWSCredentials(accessKeyId: "AKIA", secretAccessKey: "s")))
        guard case .failure(let e) = await AWSJSONClient(config: config).callerIdentity() else {
            return XCTFail("plain http off loopback must be refused")
        }
        XCTAssertEqual(e.kind, .config)
        XCTAssertEqual(e.operation, "GetCallerIdentity")
        XCTAssertEqual(e.attempts, 0)
    }

    func testCommandLineEndpointDoesNotRedirectSTS() async throws {
        let server = try await stsPeer()
        let home = try TempHome(config: AssumeRoleTests.admin + "region = us-east-1\n", credentials: ProfileText.testKeys)
        let config = try await resolve(baseEnvironment(["AWS_ENDPOINT_URL_STS": server.baseURL]), home: home,
                                       overrides: AWSConfigOverrides(profile: "admin", endpointURL: "http://127.0.0.1:9"))
        XCTAssertEqual(config.endpoint, "http://127.0.0.1:9")
        let got5 = try await config.credentials.identity().source
        XCTAssertEqual(got5, "assume-role (profile admin)")
        XCTAssertEqual(server.requestCount, 1)
    }
}
