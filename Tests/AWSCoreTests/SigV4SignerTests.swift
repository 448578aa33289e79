import AWSCore
import Foundation
import XCTest

final class SigV4SignerTests: XCTestCase {
    let creds = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "tok")
    let ts = SigV4Timestamp(amzDate: "20150830T123600Z")!

    func testURLInitAddsHostAndSplitsQuery() throws {
        let r = try XCTUnwrap(SigV4Request(method: "GET", url: "https://Example.amazonaws.com:443/a%20b?x=1&y", headers: []))
        XCTAssertEqual(r.headers.first?.name, "Host")
        XCTAssertEqual(r.headers.first?.value, "example.amazonaws.com")
        XCTAssertEqual(r.path, "/a%20b")
        XCTAssertEqual(r.query, "x=1&y")
        let p = try XCTUnwrap(SigV4Request(method: "GET", url: "http://127.0.0.1:8080", headers: []))
        XCTAssertEqual(p.headers.first?.value, "127.0.0.1:8080")
        XCTAssertEqual(p.path, "/")
        XCTAssertNil(SigV4Request(method: "GET", url: "not a url", headers: []))
    }

    func testAddedHeadersTokenAndBodyHash() {
        let req = SigV4Request(method: "POST", path: "/", headers: [("Host", "h"), ("X-Amz-Date", "stale"), ("Authorization", "old")],
                               body: Array("{}".utf8))
        let s = SigV4Signer(region: "eu-west-1", service: "cognito-idp").sign(req, credentials: creds, timestamp: ts,
                                                                             options: SigV4Options(signBody: true))
        XCTAssertEqual(s.headers.map(\.name), ["Host", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256", "Authorization"],
                       "the signer's own headers replace stale ones and follow the request's")
        XCTAssertEqual(s.headers.filter { $0.name.lowercased() == "x-amz-date" }.map(\.value), ["20150830T123600Z"], "stale date replaced")
        XCTAssertEqual(s.headers.filter { $0.name == "Authorization" }.count, 1)
        XCTAssertEqual(s.signedHeaders, "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
        XCTAssertTrue(s.canonicalRequest.hasSuffix("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), "sha256 of {}")
        XCTAssertEqual(s.signature.count, 64)
        XCTAssertTrue(s.authorization.hasSuffix("Signature=" + s.signature))
    }

    func testNormalizePathSwitch() {
        let req = SigV4Request(method: "GET", path: "/a/./b/../c//d", headers: [("Host", "h")])
        let signer = SigV4Signer(region: "us-east-1", service: "s")
        let on = signer.sign(req, credentials: creds, timestamp: ts)
        let off = signer.sign(req, credentials: creds, timestamp: ts, options: SigV4Options(normalizePath: false))
        XCTAssertEqual(on.canonicalRequest.split(separator: "\n")[1], "/a/c/d")
        XCTAssertEqual(off.canonicalRequest.split(separator: "\n")[1], "/a/./b/../c//d")
    }

    func testTimestampFormatting() {
        XCTAssertEqual(SigV4Timestamp(date: Date(timeIntervalSince1970: 1_440_938_160)).amzDate, "20150830T123600Z")
        XCTAssertEqual(SigV4Timestamp(date: Date(timeIntervalSince1970: 951_782_400)).amzDate, "20000229T000000Z", "leap day")
        XCTAssertEqual(SigV4Timestamp(amzDate: "20150830T123600Z")?.date.timeIntervalSince1970, 1_440_938_160)
        XCTAssertNil(SigV4Timestamp(amzDate: "2015-08-30T12:36:00Z"))
        XCTAssertNil(SigV4Timestamp(amzDate: "20151330T123600Z"))
    }


    func testDescriptionHidesSecrets() {
        XCTAssertFalse("\(creds)".contains("wJalr"))
        XCTAssertFalse(String(reflecting: creds).contains("wJalr"))
        XCTAssertFalse("\(creds)".contains("tok)"))
    }
}
