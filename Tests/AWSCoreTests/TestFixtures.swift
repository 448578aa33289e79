import AWSCore
import Foundation
import XCTest

/// The service AWSCore tests talk to: Cognito's names, passed in as the Cognito layer will.
let testService = ServiceDescriptor(signingName: "cognito-idp", endpointPrefix: "cognito-idp",
                                    endpointEnvironmentID: "COGNITO_IDENTITY_PROVIDER",
                                    targetPrefix: "AWSCognitoIdentityProviderService")

/// A throw-away HOME with `.aws/` files, removed when the test ends.
final class TempHome {
    let path: String

    /// With `config` and `credentials` as `~/.aws/config` and `~/.aws/credentials` when given.
    init(config: String? = nil, credentials: String? = nil) throws {
        path = NSTemporaryDirectory() + "cogsh-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
        if let config { try write(".aws/config", config) }
        if let credentials { try write(".aws/credentials", credentials) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String, executable: Bool = false) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
}

/// Environment with instance metadata switched off, so no test waits on 169.254.169.254.
func baseEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    ["AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { $1 }
}

func resolve(_ env: [String: String], home: TempHome, overrides: AWSConfigOverrides = AWSConfigOverrides()) async throws -> ResolvedConfig {
    try await ConfigResolver.resolve(service: testService, overrides: overrides, environment: env, homeDirectory: home.path)
}

/// Runs an async expression that must fail with an AWSError, and returns it.
func expectAWSError<T>(_ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> AWSError? {
    do {
        _ = try await body()
        XCTFail("expected an AWSError", file: file, line: line)
        return nil
    } catch let e as AWSError {
        return e
    } catch {
        XCTFail("expected an AWSError, got \(error)", file: file, line: line)
        return nil
    }
}

/// Asserts that `text` contains each of `fragments`.
func assertContains(_ text: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
    for f in fragments { XCTAssertTrue(text.contains(f), "\(f) not in: \(text)", file: file, line: line) }
}

extension Date {
    func iso8601() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: self)
    }
}
