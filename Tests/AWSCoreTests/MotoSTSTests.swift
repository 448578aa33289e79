@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Assume role, web identity and GetCallerIdentity against moto's STS with
/// authentication on: moto checks the signature of each call, the caller's policy and the
/// role's trust policy (external id included), and then accepts the Cognito call only
/// when it is signed with the temporary keys and token STS handed out.
final class MotoSTSTests: XCTestCase {
    /// moto with `roles` (see MotoRoles), stopped when the test ends, and a home whose
    /// `[base]` holds the moto user's keys and whose config file is `config`; the
    /// environment sends every service to moto.
    func start(roles: [String], config: String) throws -> (MotoRoles, TempHome, [String: String]) {
        let s = try MotoRoles(roles: roles)
        addTeardownBlock { s.moto.stop() }
        let home = try TempHome()
        try home.write(".aws/credentials", s.keys("base"))
        try home.write(".aws/config", config)
        return (s, home, baseEnvironment(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": s.moto.endpoint]))
    }

    func listUserPools(_ config: ResolvedConfig) async -> Result<AWSResponse, AWSError> {
        await AWSJSONClient(config: config).send(operation: "ListUserPools", body: Array(#"{"MaxResults":10}"#.utf8))
    }

    func testRoleChainThroughMotoAndCognitoAcceptsTheFinalRolesKeys() async throws {
        let (s, home, env) = try start(roles: ["ops", "admin", "vendor=ext-42"], config: ProfileText.role("ops", source: "base")
            + ProfileText.role("admin", source: "ops", "role_session_name = cogsh-test")
            + ProfileText.role("vendor", source: "base", "external_id = ext-42")
            + ProfileText.role("vendor-wrong", arn: "arn:aws:iam::123456789012:role/vendor", source: "base", "external_id = not-it"))

        let admin = try await resolve(env, home: home, overrides: AWSConfigOverrides(profile: "admin", maxAttempts: 1))
        let id = try await admin.credentials.identity()
        XCTAssertEqual(id.source, "assume-role (profile admin)")
        XCTAssertTrue(id.accessKeyId.hasPrefix("ASIA"), id.accessKeyId)
        XCTAssertNotNil(id.expiration)
        let pools = await listUserPools(admin)
        XCTAssertEqual(try pools.get().status, 200, "moto accepts the Cognito call signed with the assumed role's keys")

        let vendor = try await resolve(env, home: home, overrides: AWSConfigOverrides(profile: "vendor", maxAttempts: 1))
        let vendorPools = await listUserPools(vendor)
        XCTAssertEqual(try vendorPools.get().status, 200)

        // The trust policy wants another external id: moto's AccessDenied, carried in a CredentialsError.
        let wrong = try await resolve(env, home: home, overrides: AWSConfigOverrides(profile: "vendor-wrong", maxAttempts: 1))
        guard case .failure(let e) = await listUserPools(wrong) else { return XCTFail("a wrong external id must be refused") }
        XCTAssertEqual(e.code, "CredentialsError")
        XCTAssertEqual(e.operation, "ListUserPools")
        XCTAssertEqual(e.attempts, 0, "nothing was sent to Cognito")
        XCTAssertTrue(e.message.contains("STS AssumeRole failed assuming role arn:aws:iam::123456789012:role/vendor for profile vendor-wrong"), e.message)
        XCTAssertTrue(e.message.contains("AccessDenied: "), e.message)
        XCTAssertFalse(e.message.contains(s.secretAccessKey))
    }

    func testAKeyThatIsNotTheRolesIsRefusedByMoto() async throws {
        // The control for the test above: moto really checks the temporary keys.
        let (_, home, env) = try start(roles: ["admin"], config: ProfileText.role("admin", source: "base"))
        let admin = try await resolve(env, home: home, overrides: AWSConfigOverrides(profile: "admin", maxAttempts: 1))
        let good = try await admin.credentials.credentials()
        var forged = good
        forged.secretAccessKey = String(good.secretAccessKey.reversed())
        let config = try await resolve(env, home: home, overrides: AWSConfigOverrides(maxAttempts: 1, credentials: forged))
        guard case .failure(let e) = await listUserPools(config) else { return XCTFail("moto must check the role's secret") }
        XCTAssertEqual(e.status, 403)
    }

    func testWebIdentityThroughMotoAndCognitoAcceptsItsKeys() async throws {
        // moto serves AssumeRoleWithWebIdentity only inside its no-auth window (it has no
        // signature to check): one unsigned call, then the Cognito call is authenticated.
        let s = try MotoRoles(roles: ["ci"], user: false, unsignedCalls: 1)
        defer { s.moto.stop() }
        let home = try TempHome()
        let tokenFile = try home.write("token", TestSecrets.webIdentityToken)
        let env = baseEnvironment(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": s.moto.endpoint,
                                   "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci"])
        let config = try await resolve(env, home: home, overrides: AWSConfigOverrides(maxAttempts: 1))
        let id = try await config.credentials.identity()
        XCTAssertEqual(id.source, "web-identity")
        let pools = await listUserPools(config)
        XCTAssertEqual(try pools.get().status, 200)
    }

    /// GetCallerIdentity: a user's keys name the user, a role profile's keys the role's
    /// session, and a forged secret is refused with STS's code.
    func testCallerIdentityNamesWhomTheCredentialsInUseBelongTo() async throws {
        let (s, home, env) = try start(roles: ["admin"], config: ProfileText.role("admin", source: "base", "role_session_name = cogsh-test"))
        func callerIdentity(_ overrides: AWSConfigOverrides) async throws -> Result<CallerIdentity, AWSError> {
            await AWSJSONClient(config: try await resolve(env, home: home, overrides: overrides)).callerIdentity()
        }
        let user = try await callerIdentity(AWSConfigOverrides(profile: "base", maxAttempts: 1)).get()
        XCTAssertEqual(user.account, "123456789012")
        XCTAssertEqual(user.arn, "arn:aws:iam::123456789012:user/cogsh-admin")
        let role = try await callerIdentity(AWSConfigOverrides(profile: "admin", maxAttempts: 1)).get()
        XCTAssertEqual(role.account, "123456789012")
        XCTAssertEqual(role.arn, "arn:aws:sts::123456789012:assumed-role/admin/cogsh-test")
        XCTAssertNotEqual(role.userId, user.userId)

        let forged = AWSCredentials(accessKeyId: s.accessKeyId, secretAccessKey: String(s.secretAccessKey.reversed()))
        guard case .failure(let e) = try await callerIdentity(AWSConfigOverrides(maxAttempts: 1, credentials: forged)) else {
            return XCTFail("moto must check the signature of GetCallerIdentity")
        }
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.code, "SignatureDoesNotMatch")
        XCTAssertEqual(e.status, 403)
        XCTAssertEqual(e.operation, "GetCallerIdentity")
        XCTAssertFalse(e.description.contains(forged.secretAccessKey))
    }

    func testMotoHonoursDurationSecondsAndShortRolesAreAssumedAgain() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let home = try TempHome()
        try home.write(".aws/credentials", ProfileText.keys("base", "AKIAANY", "anysecret"))
        // 200 s: inside the five-minute refresh window, so every use assumes the role again.
        try home.write(".aws/config", ProfileText.role("short", source: "base", "duration_seconds = 200"))
        let env = baseEnvironment(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": moto.endpoint])
        let config = try await resolve(env, home: home, overrides: AWSConfigOverrides(profile: "short", maxAttempts: 1))
        let first = try await config.credentials.identity()
        let second = try await config.credentials.identity()
        XCTAssertEqual(try XCTUnwrap(first.expiration).timeIntervalSinceNow, 200, accuracy: 30)
        XCTAssertNotEqual(first.accessKeyId, second.accessKeyId, "short-lived role credentials are fetched again")
    }
}
