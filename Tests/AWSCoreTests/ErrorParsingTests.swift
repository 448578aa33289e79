import AWSCore
import Foundation
import TestSupport
import XCTest

/// Error bodies in every shape a response may take reach the caller as code + status.
final class ErrorParsingTests: XCTestCase {
    func failure(_ response: ScriptedResponse) async throws -> AWSError {
        let server = try await ScriptedHTTPServer(script: [response])
        defer { Task { await server.shutdown() } }
        let client = try await makeClient(server, time: VirtualTime(), maxAttempts: 1)
        let result = await client.send(operation: "AdminUpdateUserAttributes", body: Array("{}".utf8))
        guard case .failure(let e) = result else {
            XCTFail("expected a failure")
            return AWSError.config("unreachable")
        }
        return e
    }

    func testJSONTypeWithNamespaceAndSuffix() async throws {
        let e = try await failure(.json(400, #"{"__type":"com.amazonaws.cognito.identity.idp.model#AliasExistsException:http://internal.amazon.com/","message":"An account with the given email already exists."}"#,
                                        headers: [("x-amzn-RequestId", "rid-1")]))
        XCTAssertEqual(e.code, "AliasExistsException")
        XCTAssertEqual(e.message, "An account with the given email already exists.")
        XCTAssertEqual(e.status, 400)
        XCTAssertEqual(e.requestId, "rid-1")
        XCTAssertEqual(e.operation, "AdminUpdateUserAttributes")
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.description, "AliasExistsException: An account with the given email already exists. (AdminUpdateUserAttributes, request id rid-1)")
    }

    func testCapitalMessageAndHeaderErrorType() async throws {
        let e = try await failure(.json(400, #"{"Message":"User does not exist."}"#,
                                        headers: [("x-amzn-ErrorType", "UserNotFoundException:http://internal/")]))
        XCTAssertEqual(e.code, "UserNotFoundException")
        XCTAssertEqual(e.message, "User does not exist.")
    }

    func testInternalErrorIsRetryableServerFault() async throws {
        let e = try await failure(.awsError(500, "InternalErrorException", "boom"))
        XCTAssertEqual(e.code, "InternalErrorException")
        XCTAssertTrue(e.retryable)
        XCTAssertFalse(e.throttling)
    }

    func testThrottlingFlag() async throws {
        let e = try await failure(.awsError(400, "TooManyRequestsException", "Too many requests"))
        XCTAssertTrue(e.throttling)
        XCTAssertTrue(e.retryable)
    }

    func testXMLErrorFromAnAuthLayer() async throws {
        let xml = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid &amp; expired.</Message>\
            </Error><RequestId>xml-rid</RequestId></ErrorResponse>
            """
        let e = try await failure(.init(status: 403, headers: [("Content-Type", "text/xml"), ("x-amzn-RequestId", "xml-rid")], body: Array(xml.utf8)))
        XCTAssertEqual(e.code, "InvalidClientTokenId")
        XCTAssertEqual(e.message, "The security token included in the request is invalid & expired.")
        XCTAssertEqual(e.status, 403)
        XCTAssertEqual(e.requestId, "xml-rid")
    }

    func testHTMLErrorPage() async throws {
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
        let e = try await failure(.init(status: 502, headers: [("Content-Type", "text/html")], body: Array(html.utf8)))
        XCTAssertEqual(e.code, "BadGateway")
        XCTAssertEqual(e.message, "502 Bad Gateway")
        XCTAssertEqual(e.status, 502)
        XCTAssertTrue(e.retryable)
    }

    func testEmptyAndBinaryBodies() async throws {
        let empty = try await failure(.init(status: 404))
        XCTAssertEqual(empty.code, "NotFound")
        XCTAssertEqual(empty.status, 404)
        let binary = try await failure(.init(status: 418, body: [0xff, 0xfe, 0x00, 0x81]))
        XCTAssertEqual(binary.code, "HTTP418")
    }

    func testSuccessWithBadJSONIsAParseError() async throws {
        let e = try await failure(.init(status: 200, headers: [("x-amzn-RequestId", "p1")], body: Array("{not json".utf8)))
        XCTAssertEqual(e.kind, .parse)
        XCTAssertEqual(e.code, "ParseError")
        XCTAssertEqual(e.status, 200)
        XCTAssertEqual(e.requestId, "p1")
    }

    func testNothingListeningIsANetworkErrorWithoutStatus() async throws {
        let port = try FreePort.find()
        let home = try TempHome()
        let config = try await ConfigResolver.resolve(service: testService,
            overrides: AWSConfigOverrides(region: "us-east-1", endpointURL: "http://127.0.0.1:\(port)", maxAttempts: 2,
                                          credentials: AWSCredentials(accessKeyId: "A", secretAccessKey: "s")),
            environment: baseEnvironment(), homeDirectory: home.path)
        let result = await AWSJSONClient(config: config, retryEnvironment: VirtualTime().environment).send(operation: "ListUserPools", body: [])
        guard case .failure(let e) = result else { return XCTFail() }
        XCTAssertEqual(e.kind, .network)
        XCTAssertNil(e.status)
        XCTAssertEqual(e.attempts, 2)
    }

    func testCredentialsFailureHasNoStatusAndNoAttempts() async throws {
        let home = try TempHome()
        let config = try await ConfigResolver.resolve(service: testService,
            overrides: AWSConfigOverrides(region: "us-east-1", endpointURL: "http://127.0.0.1:9"),
            environment: baseEnvironment(), homeDirectory: home.path)
        let result = await AWSJSONClient(config: config).send(operation: "ListUserPools", body: [])
        guard case .failure(let e) = result else { return XCTFail() }
        XCTAssertEqual(e.kind, .credentials)
        XCTAssertNil(e.status)
        XCTAssertEqual(e.attempts, 0)
        XCTAssertEqual(e.operation, "ListUserPools")
    }
}
