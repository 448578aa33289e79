import AWSCore
import Foundation
import XCTest

final class ConfigResolutionTests: XCTestCase {
    let keys = ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"]

    /// One resolution a step: each step adds `env` to the environment of the steps before
    /// it, resolves with its `overrides`, and `read` must give `expected` ("value (source)").
    typealias Step = (env: [String: String], overrides: AWSConfigOverrides?, expected: String)

    func assertSteps(_ steps: [Step], base: [String: String], home: TempHome, read: (ResolvedConfig) -> String,
                     file: StaticString = #filePath, line: UInt = #line) async throws {
        var env = base
        for (i, step) in steps.enumerated() {
            env.merge(step.env) { $1 }
            let config = try await resolve(env, home: home, overrides: step.overrides ?? AWSConfigOverrides())
            XCTAssertEqual(read(config), step.expected, "step \(i + 1)", file: file, line: line)
        }
    }

    func testRegionPrecedence() async throws {
        let home = try TempHome(config: "[default]\nregion = from-profile-1\n")
        try await assertSteps([
            ([:], nil, "from-profile-1 (profile default)"),
            (["AWS_DEFAULT_REGION": "default-region-1"], nil, "default-region-1 (AWS_DEFAULT_REGION)"),
            (["AWS_REGION": "aws-region-1"], nil, "aws-region-1 (AWS_REGION)"),
            ([:], AWSConfigOverrides(region: "flag-region-1"), "flag-region-1 (option)"),
        ], base: baseEnvironment(keys), home: home) { "\($0.region) (\($0.regionSource))" }
    }

    func testMissingOrInvalidRegionIsAConfigError() async throws {
        let home = try TempHome()
        let none = await expectAWSError { try await resolve(baseEnvironment(self.keys), home: home) }
        XCTAssertEqual(none?.kind, .config)
        XCTAssertTrue(none?.message.contains("region") ?? false)
        let bad = await expectAWSError { try await resolve(baseEnvironment(self.keys), home: home,
                                                           overrides: AWSConfigOverrides(region: "evil.com/x")) }
        XCTAssertEqual(bad?.code, "ConfigError")
    }

    func testEndpointPrecedence() async throws {
        let home = try TempHome(config: """
            [default]
            region = eu-west-1
            services = local
            endpoint_url = https://profile.example.com
            [services local]
            cognito_identity_provider =
              endpoint_url = https://services-section.example.com
            """)
        let flag = AWSConfigOverrides(endpointURL: "https://flag.example.com")
        try await assertSteps([
            ([:], nil, "https://services-section.example.com ([services local] in \(home.path)/.aws/config)"),
            (["AWS_ENDPOINT_URL": "https://global.example.com/"], nil, "https://global.example.com (AWS_ENDPOINT_URL)"),  // trailing slash dropped
            (["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "https://service-env.example.com"], nil,
             "https://service-env.example.com (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER)"),
            ([:], flag, "https://flag.example.com (option)"),
            // Ignoring configured endpoints leaves the flag and the default.
            (["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"], nil, "https://cognito-idp.eu-west-1.amazonaws.com (default)"),
            ([:], flag, "https://flag.example.com (option)"),
        ], base: baseEnvironment(keys), home: home) { "\($0.endpoint) (\($0.endpointSource))" }
    }

    func testProfileEndpointURLAndDefault() async throws {
        let home = try TempHome(config: "[default]\nregion = us-west-2\n[profile local]\nregion = us-west-2\nendpoint_url = https://profile.example.com\n")
        try await assertSteps([
            ([:], nil, "https://cognito-idp.us-west-2.amazonaws.com (default)"),
            ([:], AWSConfigOverrides(region: "cn-north-1"), "https://cognito-idp.cn-north-1.amazonaws.com.cn (default)"),
            (["AWS_PROFILE": "local"], nil, "https://profile.example.com (profile local)"),
        ], base: baseEnvironment(keys), home: home) { "\($0.endpoint) (\($0.endpointSource))" }
    }

    func testPlainHTTPOnlyToLoopbackUnlessAllowed() async throws {
        let home = try TempHome()
        let env = baseEnvironment(keys.merging(["AWS_REGION": "us-east-1"]) { $1 })
        let refused = await expectAWSError { try await resolve(env, home: home,
                                                               overrides: AWSConfigOverrides(endpointURL: "http://cognito.internal:8080")) }
        XCTAssertEqual(refused?.kind, .config)
        XCTAssertTrue(refused?.message.contains("http") ?? false)
        for loopback in ["http://127.0.0.1:5000", "http://localhost:5000", "http://[::1]:5000"] {
            let c = try await resolve(env, home: home, overrides: AWSConfigOverrides(endpointURL: loopback))
            XCTAssertEqual(c.endpoint, loopback)
        }
        let allowed = try await resolve(env, home: home, overrides: AWSConfigOverrides(endpointURL: "http://cognito.internal:8080",
                                                                                       allowInsecureHTTP: true))
        XCTAssertEqual(allowed.endpoint, "http://cognito.internal:8080")
        let notURL = await expectAWSError { try await resolve(env, home: home, overrides: AWSConfigOverrides(endpointURL: "ftp://x")) }
        XCTAssertEqual(notURL?.kind, .config)
    }

    func testRetrySettings() async throws {
        let home = try TempHome(config: "[default]\nregion = us-east-1\nmax_attempts = 7\nretry_mode = adaptive\n")
        var env = baseEnvironment(keys)
        try await assertSteps([
            ([:], nil, "7 adaptive"),
            (["AWS_MAX_ATTEMPTS": "5", "AWS_RETRY_MODE": "standard"], nil, "5 standard"),
            ([:], AWSConfigOverrides(maxAttempts: 1, retryMode: .adaptive), "1 adaptive"),
        ], base: env, home: home) { "\($0.maxAttempts) \($0.retryMode)" }
        env["AWS_MAX_ATTEMPTS"] = "lots"
        let bad = await expectAWSError { try await resolve(env, home: home) }
        XCTAssertEqual(bad?.kind, .config)
        env["AWS_MAX_ATTEMPTS"] = "3"
        env["AWS_RETRY_MODE"] = "yolo"
        let badMode = await expectAWSError { try await resolve(env, home: home) }
        XCTAssertTrue(badMode?.message.contains("yolo") ?? false)
    }

    func testTimeoutsProxyAndCABundle() async throws {
        let home = try TempHome()
        var env = baseEnvironment(keys.merging(["AWS_REGION": "us-east-1", "HTTPS_PROXY": "http://user:pw@proxy.corp:3128",
                                                "AWS_CA_BUNDLE": "~/ca.pem"]) { $1 })
        var c = try await resolve(env, home: home, overrides: AWSConfigOverrides(connectTimeout: 2.5, readTimeout: 7))
        XCTAssertEqual(c.transport.connectTimeout, 2.5)
        XCTAssertEqual(c.transport.readTimeout, 7)
        XCTAssertEqual(c.transport.proxy, ProxyServer(host: "proxy.corp", port: 3128, username: "user", password: "pw"))
        XCTAssertFalse("\(c.transport.proxy!)".contains("pw"), "proxy password never printed")
        XCTAssertEqual(c.transport.caBundlePath, home.path + "/ca.pem")
        env["NO_PROXY"] = "localhost,.amazonaws.com"
        c = try await resolve(env, home: home)
        XCTAssertNil(c.transport.proxy, "NO_PROXY suffix match bypasses the proxy")
        XCTAssertEqual(c.transport.connectTimeout, ConfigResolver.defaultTimeout)
    }

    func testSharedConfigFileParsing() {
        let f = SharedConfigFile(text: "; c\n[profile a]\nKey = v = w\n  \n[services s]\ncognito_identity_provider =\n  endpoint_url = https://x\n\tother = y\nregion=z\n")
        XCTAssertEqual(f.configProfile("a")?.values["key"], "v = w", "keys lower-cased, value keeps '='")
        XCTAssertEqual(f.sections["services s"]?.subsections["cognito_identity_provider"], ["endpoint_url": "https://x", "other": "y"])
        XCTAssertEqual(f.sections["services s"]?.values["region"], "z")
        XCTAssertNil(f.configProfile("b"))
    }
}

/// Clients of one profile share its credential chain: a role is assumed, and an MFA
/// code asked for, once per process.
final class SharedCredentialChainTests: XCTestCase {
    func testTheSameProfileGivesTheSameChainAndAnotherOneDoesNot() async throws {
        let home = try TempHome()
        try home.write(".aws/credentials", "[default]\naws_access_key_id = AKIAONE\naws_secret_access_key = one\n[other]\naws_access_key_id = AKIATWO\naws_secret_access_key = two\n")
        let env = baseEnvironment(["AWS_REGION": "eu-west-1"])
        let a = try await resolve(env, home: home)
        let b = try await resolve(env, home: home, overrides: AWSConfigOverrides(maxAttempts: 5))
        XCTAssertTrue(a.credentials === b.credentials)
        let other = try await resolve(env, home: home, overrides: AWSConfigOverrides(profile: "other"))
        XCTAssertFalse(a.credentials === other.credentials)
        let otherKey = try await other.credentials.credentials().accessKeyId
        let defaultKey = try await a.credentials.credentials().accessKeyId
        XCTAssertEqual(otherKey, "AKIATWO")
        XCTAssertEqual(defaultKey, "AKIAONE")
    }
}
