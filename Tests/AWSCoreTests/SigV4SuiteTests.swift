import AWSCore
import Foundation
import TestSupport
import XCTest

/// The public AWS SigV4 test suite: canonical request, string to sign and
/// Authorization of its cases; all 34 but post-sts-header-after, which signs the
/// session token after the signature, as no service cogsh talks to wants.
final class SigV4SuiteTests: XCTestCase {
    static let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let timestamp = SigV4Timestamp(amzDate: "20150830T123600Z")!

    func testAllSuiteCases() throws {
        let root = try RepoPaths.requireShared("testdata/sigv4-suite")
        let cases = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".req") }.sorted()
        XCTAssertEqual(cases.count, 34, "the suite should hold 34 cases")
        let stsToken = try String(contentsOfFile: root + "/post-sts-token/readme.txt", encoding: .utf8)
            .split(separator: "\n").last { !$0.isEmpty }.map(String.init)!
        var passed = 0
        for reqPath in cases {
            let base = root + "/" + String(reqPath.dropLast(4))
            let name = (base as NSString).lastPathComponent
            let raw = try String(contentsOfFile: base + ".req", encoding: .utf8)
            let request = try XCTUnwrap(Self.parseRequest(raw), name)
            var credentials = Self.credentials
            let options = SigV4Options()
            switch name {
            case "get-vanilla-with-session-token":
                credentials.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
            case "post-sts-header-before":
                credentials.sessionToken = stsToken
            case "post-sts-header-after":
                continue
            default: break
            }
            let result = SigV4Signer(region: "us-east-1", service: "service")
                .sign(request, credentials: credentials, timestamp: Self.timestamp, options: options)
            let creq = try Self.read(base + ".creq"), sts = try Self.read(base + ".sts"), authz = try Self.read(base + ".authz")
            XCTAssertEqual(result.canonicalRequest, creq, "canonical request of \(name)")
            XCTAssertEqual(result.stringToSign, sts, "string to sign of \(name)")
            XCTAssertEqual(result.authorization, authz, "Authorization of \(name)")
            if result.canonicalRequest == creq && result.stringToSign == sts && result.authorization == authz { passed += 1 }
        }
        XCTAssertEqual(passed, cases.count - 1)
    }

    static func read(_ path: String) throws -> String {
        var s = try String(contentsOfFile: path, encoding: .utf8)
        if s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    /// `.req` files: request line, headers (folded lines start with white space), blank line, body.
    static func parseRequest(_ raw: String) -> SigV4Request? {
        let normalized = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let (headPart, body): (Substring, Substring)
        if let blank = normalized.range(of: "\n\n") {
            headPart = normalized[..<blank.lowerBound]
            body = normalized[blank.upperBound...]
        } else {
            headPart = Substring(normalized)
            body = ""
        }
        var lines = headPart.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        var requestLine = lines.removeFirst()
        guard let sp = requestLine.firstIndex(of: " ") else { return nil }
        let method = String(requestLine[..<sp])
        requestLine = String(requestLine[requestLine.index(after: sp)...])
        if requestLine.hasSuffix(" HTTP/1.1") { requestLine.removeLast(9) }
        var headers: [HTTPHeaderField] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let path: String, query: String
        if let q = requestLine.firstIndex(of: "?") {
            path = String(requestLine[..<q])
            query = String(requestLine[requestLine.index(after: q)...])
        } else {
            path = requestLine
            query = ""
        }
        return SigV4Request(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }
}
