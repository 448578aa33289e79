@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// Scripted stand-ins for STS, the SSO portal and SSO OIDC, and what the credential
/// tests share: answers in each service's own format, a clock the test moves, and a
/// credential chain built straight from files and an environment.
enum STSAnswer {
    /// A successful AssumeRole / AssumeRoleWithWebIdentity answer, as STS writes it.
    static func credentials(action: String = "AssumeRole", accessKeyId: String = TestSecrets.roleAccessKeyId,
                            secret: String = TestSecrets.roleSecretAccessKey, token: String = TestSecrets.roleSessionToken,
                            expiration: Date, roleArn: String = "arn:aws:iam::123456789012:role/admin") -> ScriptedResponse {
        let body = """
        <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <\(action)Result>
            <Credentials>
              <AccessKeyId>\(accessKeyId)</AccessKeyId>
              <SecretAccessKey>\(secret)</SecretAccessKey>
              <SessionToken>\(token)</SessionToken>
              <Expiration>\(expiration.iso8601())</Expiration>
            </Credentials>
            <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId><Arn>\(roleArn.replacingOccurrences(of: ":iam::", with: ":sts::").replacingOccurrences(of: ":role/", with: ":assumed-role/"))/s</Arn></AssumedRoleUser>
          </\(action)Result>
          <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </\(action)Response>
        """
        return ScriptedResponse(status: 200, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    }

    /// A GetCallerIdentity answer, as STS writes it.
    static func callerIdentity(account: String = "123456789012", arn: String = "arn:aws:iam::123456789012:user/alice",
                               userId: String = "AIDACOGSHTESTUSER001") -> ScriptedResponse {
        let body = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>\(arn)</Arn>
            <UserId>\(userId)</UserId>
            <Account>\(account)</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """
        return ScriptedResponse(status: 200, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    }

    /// Trouble worth retrying, then `good`: a throttle, a server fault, a reset connection.
    static func troubleThen(_ good: ScriptedResponse) -> [ScriptedResponse] {
        [error(400, "Throttling", "Rate exceeded"), error(500, "InternalFailure", "oops"), .reset, good]
    }

    /// STS's `<ErrorResponse>`.
    static func error(_ status: Int, _ code: String, _ message: String, requestId: String = "req-sts-1") -> ScriptedResponse {
        let body = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
          <RequestId>\(requestId)</RequestId>
        </ErrorResponse>
        """
        return ScriptedResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8))
    }
}

/// The fields of a form-encoded body.
func formFields(_ request: RecordedRequest) -> [String: String] {
    var out: [String: String] = [:]
    for pair in request.bodyText.split(separator: "&") {
        let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
        out[kv[0]] = kv.count > 1 ? kv[1] : ""
    }
    return out
}

/// The time the credential code sees, moved by the test.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date()) { current = start }
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
    var function: @Sendable () -> Date { { self.now } }
}

/// Retries without waiting: the backoff sleeps are recorded, not slept.
let noSleep = RetryEnvironment(random: { 0.5 }, sleep: { _ in }, now: { 0 })

/// The chain for `profile` exactly as ConfigResolver builds it, but with the test's
/// clock, retries and debug output, inside a provider that uses the same clock; `sts`
/// is where STS is (AWS_ENDPOINT_URL_STS).
func profileProvider(_ profile: String = "default", home: TempHome, sts: String? = nil, environment: [String: String] = [:],
                     explicitProfile: Bool = false, clock: TestClock = TestClock(), maxAttempts: Int = 3,
                     askForMFACode: MFACodeProvider? = nil, debug: DebugSink? = nil) throws -> CredentialsProvider {
    var env = environment.merging(["AWS_CONFIG_FILE": home.path + "/.aws/config",
                                   "AWS_SHARED_CREDENTIALS_FILE": home.path + "/.aws/credentials"]) { a, _ in a }
    if let sts { env["AWS_ENDPOINT_URL_STS"] = sts }
    let files = try SharedConfigFiles.load(environment: env, homeDirectory: home.path)
    let context = CredentialChainContext(environment: env, files: files, profile: profile, homeDirectory: home.path,
                                         region: env["AWS_REGION"] ?? "us-east-1",
                                         settings: HTTPTransportSettings(connectTimeout: 2, readTimeout: 5),
                                         maxAttempts: maxAttempts, askForMFACode: askForMFACode, debugSink: debug,
                                         retryEnvironment: noSleep, now: clock.function)
    var sources: [any CredentialSource] = []
    if !explicitProfile { sources.append(EnvironmentCredentialSource(environment: env)) }
    sources.append(SharedFilesCredentialSource(context: context, profile: profile, environmentWebIdentity: !explicitProfile))
    return CredentialsProvider(sources: sources, now: clock.function)
}

/// Records the MFA questions asked, and answers them with `code`.
final class MFAPrompts: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [(String, String)] = []
    let code: String?
    init(code: String?) { self.code = code }
    var questions: [(String, String)] { lock.lock(); defer { lock.unlock() }; return asked }
    private func record(_ profile: String, _ serial: String) {
        lock.lock(); asked.append((profile, serial)); lock.unlock()
    }
    var provider: MFACodeProvider {
        { profile, serial in
            self.record(profile, serial)
            return self.code
        }
    }
}

extension XCTestCase {
    /// The error a provider's first use fails with.
    func credentialsFailure(_ provider: CredentialsProvider, file: StaticString = #filePath, line: UInt = #line) async -> AWSError? {
        await expectAWSError({ try await provider.credentials() }, file: file, line: line)
    }
}

/// Asserts that none of the test secrets, nor `extra`, appears in `text`.
func assertNoTestSecret(_ text: String, extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) {
    for s in TestSecrets.secrets + extra where text.contains(s) {
        XCTFail("a secret (\(s.prefix(12))…) appears in the text", file: file, line: line)
    }
}

/// Asserts that `request` is a form POST to STS signed for `region` with `credentials`:
/// the signature is the one our signer computes for exactly what arrived.
func assertSignedForSTS(_ request: RecordedRequest, region: String, credentials: AWSCredentials,
                        file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(request.method, "POST", file: file, line: line)
    XCTAssertEqual(request.uri, "/", file: file, line: line)
    XCTAssertEqual(request.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8", file: file, line: line)
    let auth = try XCTUnwrap(request.header("Authorization"), file: file, line: line)
    XCTAssertTrue(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/"), auth, file: file, line: line)
    XCTAssertTrue(auth.contains("/\(region)/sts/aws4_request"), auth, file: file, line: line)
    XCTAssertEqual(request.header("X-Amz-Security-Token"), credentials.sessionToken, file: file, line: line)
    let date = try XCTUnwrap(request.header("X-Amz-Date"), file: file, line: line)
    let signed = ["host", "content-type", "user-agent", "x-amz-security-token"]
    let again = SigV4Signer(region: region, service: "sts").sign(
        SigV4Request(method: "POST", path: "/", headers: request.headers.filter { signed.contains($0.0.lowercased()) }
            .map { (name: $0.0, value: $0.1) }, body: request.body),
        credentials: AWSCredentials(accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey),
        timestamp: try XCTUnwrap(SigV4Timestamp(amzDate: date), file: file, line: line))
    XCTAssertEqual(again.authorization, auth, file: file, line: line)
}
