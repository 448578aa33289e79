import AWSCore
import Foundation
import TestSupport
import XCTest

/// moto with authentication switched on checks our signatures: the right secret
/// succeeds, a wrong one fails with SignatureDoesNotMatch.
final class MotoSignatureTests: XCTestCase {
    func testMotoAcceptsOurSignatureAndRejectsAWrongSecret() async throws {
        let moto = try MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"])
        defer { moto.stop() }
        let keyJSON = try JSONCodec.decode(PythonHelper.run(script: "moto_iam_user.py", arguments: [moto.endpoint]))
        let accessKeyId = try XCTUnwrap(keyJSON["AccessKeyId"]?.stringValue)
        let secret = try XCTUnwrap(keyJSON["SecretAccessKey"]?.stringValue)

        func call(secret: String, sessionToken: String? = nil) async throws -> Result<AWSResponse, AWSError> {
            let home = try TempHome()
            let config = try await ConfigResolver.resolve(
                service: testService,
                overrides: AWSConfigOverrides(region: "us-east-1", endpointURL: moto.endpoint, maxAttempts: 1,
                                              credentials: AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret,
                                                                          sessionToken: sessionToken)),
                environment: baseEnvironment(), homeDirectory: home.path)
            return await AWSJSONClient(config: config).send(operation: "ListUserPools", body: Array(#"{"MaxResults":10}"#.utf8))
        }

        let good = try await call(secret: secret).get()
        XCTAssertEqual(good.status, 200)
        XCTAssertEqual(good.json["UserPools"], .array([]))

        let bad = try await call(secret: String(secret.reversed()))
        guard case .failure(let e) = bad else { return XCTFail("a wrong secret must be refused") }
        XCTAssertEqual(e.code, "SignatureDoesNotMatch")
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.status, 403)
        XCTAssertEqual(e.operation, "ListUserPools")
        XCTAssertFalse(e.description.contains(secret))
    }
}
