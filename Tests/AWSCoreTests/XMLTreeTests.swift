@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// The XML reader behind STS's answers: Foundation's XMLParser into a small tree.
final class XMLTreeTests: XCTestCase {
    func testElementsTextAndNamespaces() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <r:AssumeRoleResponse xmlns:r="https://sts.amazonaws.com/doc/2011-06-15/">
              <r:AssumeRoleResult>
                <Credentials>
                  <AccessKeyId> ASIA1 </AccessKeyId>
                  <SecretAccessKey><![CDATA[s&<ecret>]]></SecretAccessKey>
                  <SessionToken>a&amp;b&lt;c&#x41;</SessionToken>
                </Credentials>
              </r:AssumeRoleResult>
            </r:AssumeRoleResponse>
            """
        let root = try XCTUnwrap(XMLTree.parse(Array(xml.utf8)))
        XCTAssertEqual(root.name, "AssumeRoleResponse", "namespace prefixes are dropped")
        XCTAssertEqual(root["AssumeRoleResult", "Credentials", "AccessKeyId"]?.text, "ASIA1")
        XCTAssertEqual(root["AssumeRoleResult", "Credentials", "SecretAccessKey"]?.text, "s&<ecret>")
        XCTAssertEqual(root["AssumeRoleResult", "Credentials", "SessionToken"]?.text, "a&b<cA")
        XCTAssertEqual(root.first("SessionToken")?.text, "a&b<cA")
        XCTAssertNil(root["AssumeRoleResult", "Nope"])
    }

    func testMalformedDocumentsAreNil() {
        for text in ["", "not xml", "<a><b></a>", "<a>", "{\"json\": true}"] {
            XCTAssertNil(XMLTree.parse(Array(text.utf8)), text)
        }
    }

    func testSTSErrorBodiesInBothNestings() {
        let flat = ScriptedResponse(status: 403, body: Array("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error><RequestId>r1</RequestId></ErrorResponse>".utf8))
        let nested = ScriptedResponse(status: 400, body: Array("<ErrorResponse><Errors><Error><Code>Throttling</Code><Message>slow down</Message></Error></Errors></ErrorResponse>".utf8))
        func parse(_ r: ScriptedResponse) -> ServiceFailure {
            STSResponse.failure(HTTPResponseMessage(status: r.status, headers: [], body: r.body))
        }
        XCTAssertEqual(parse(flat), ServiceFailure(code: "AccessDenied", message: "no", requestId: "r1"))
        XCTAssertEqual(parse(nested).code, "Throttling")
        // Not XML at all: read as any service error is, from the status.
        XCTAssertEqual(parse(ScriptedResponse(status: 503, body: Array("<html><title>Unavailable</title></html>".utf8))).code, "ServiceUnavailable")
    }

    func testFormEncodingOfQueryRequests() {
        let body = String(decoding: STSQuery.body(action: "AssumeRole", parameters: [("RoleArn", "arn:aws:iam::1:role/a b"), ("X", "+/=&~")]), as: UTF8.self)
        XCTAssertEqual(body, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b&X=%2B%2F%3D%26~")
    }
}
