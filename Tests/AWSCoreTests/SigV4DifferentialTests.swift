import AWSCore
import Foundation
import TestSupport
import XCTest

/// Signs 1,200 generated requests with AWSCore and with botocore (the venv's), and
/// demands identical Authorization headers.
final class SigV4DifferentialTests: XCTestCase {
    struct Case {
        var request: SigV4Request
        var json: JSONValue
        var credentials: AWSCredentials
        var region: String, service: String
        var timestamp: SigV4Timestamp
        var options: SigV4Options
    }

    func testAuthorizationMatchesBotocore() throws {
        _ = try RepoPaths.requireVenvPython()
        var rng = SplitMix64(seed: 0xC06_5E11)
        let cases = (0..<1200).map { _ in Self.makeCase(&rng) }
        let input = try JSONCodec.encode(.array(cases.map(\.json)))
        let output = try JSONCodec.decode(PythonHelper.run(script: "botocore_sign.py", stdin: input))
        guard case .array(let results) = output else { return XCTFail("helper output is not a list") }
        XCTAssertEqual(results.count, cases.count)

        var mismatches = 0, compared = 0
        for (c, r) in zip(cases, results) {
            let signer = SigV4Signer(region: c.region, service: c.service)
            let ours = signer.sign(c.request, credentials: c.credentials, timestamp: c.timestamp, options: c.options)
            compared += 1
            if ours.authorization != r["authorization"]?.stringValue {
                mismatches += 1
                if mismatches <= 5 {
                    XCTFail("Authorization differs for \(c.json):\n ours \(ours.authorization)\n botocore \(r["authorization"]?.stringValue ?? "-")\n\(ours.canonicalRequest)")
                }
            }
        }
        XCTAssertEqual(compared, 1200)
        XCTAssertEqual(mismatches, 0, "\(mismatches) of \(compared) signatures differ from botocore")
    }

    // MARK: generation

    static let segmentAlphabet: [String] = Array("abcXYZ019-_.~ !$&'()*+,;=:@%\\\"<>[]^`{|}").map(String.init)
        + ["é", "ሴ", "日本", "😀", "ü", "ß"]
    static let queryAlphabet: [String] = Array("abcXYZ019-_.~ !$'()*,;:@/?\\\"<>[]^`{|}").map(String.init)
        + ["é", "ሴ", "日本", "😀", "=", "&", "+", "%"]
    static let headerNames = ["X-Custom", "x-amz-meta-Tag", "Content-Type", "X-Dup", "x-dup", "My-Header1",
                              "Accept", "X-Zeta", "User-Agent", "Connection", "x-amzn-trace-id", "X-Amz-Target"]
    static let valueAlphabet: [String] = Array("abcXYZ019-_.~!$&'()*+,;=:@/?%\"<>").map(String.init)
        + [" ", "  ", "\t", "é", "日本"]

    static func word(_ rng: inout SplitMix64, _ alphabet: [String], _ range: ClosedRange<Int>) -> String {
        (0..<rng.int(range)).map { _ in alphabet[rng.int(0...alphabet.count - 1)] }.joined()
    }

    /// Strict or lax percent-encoding of a query part: both must sign the same.
    static func encodeQueryPart(_ s: String, lax: Bool) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            let unreserved = c.isASCII && (c.isLetter || c.isNumber || "-_.~".contains(c))
            let laxSafe = lax && ",:@/!$'()*;".contains(c)
            out += unreserved || laxSafe ? String(c) : String(format: lax && b >= 0x80 ? "%%%02x" : "%%%02X", b)
        }
        return out
    }

    static func makeCase(_ rng: inout SplitMix64) -> Case {
        let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
        let method = methods[rng.int(0...5)]
        let host = ["example.amazonaws.com", "cognito-idp.eu-west-1.amazonaws.com", "localhost:4566"][rng.int(0...2)]

        var segments: [String] = []
        for _ in 0..<rng.int(0...4) {
            switch rng.int(0...9) {
            case 0: segments.append(".")
            case 1: segments.append("..")
            case 2: segments.append("")
            default: segments.append(word(&rng, segmentAlphabet, 1...6))
            }
        }
        var path = "/" + segments.joined(separator: "/")
        if rng.int(0...3) == 0 && !segments.isEmpty { path += "/" }

        var params: [(String, String)] = []
        for _ in 0..<rng.int(0...4) {
            var name = word(&rng, queryAlphabet, 1...5)
            if !params.isEmpty && rng.int(0...3) == 0 { name = params[rng.int(0...params.count - 1)].0 }  // repeat
            let value = rng.int(0...4) == 0 ? "" : word(&rng, queryAlphabet, 1...6)
            params.append((name, value))
        }
        let lax = rng.int(0...1) == 0
        let query = params.map { n, v in
            let en = encodeQueryPart(n, lax: lax)
            if v.isEmpty && rng.int(0...1) == 0 { return en }  // "name" with no "="
            return en + "=" + encodeQueryPart(v, lax: lax)
        }.joined(separator: "&")

        var headers: [HTTPHeaderField] = [(rng.int(0...1) == 0 ? "Host" : "host", host)]
        for _ in 0..<rng.int(0...5) {
            let name = headerNames[rng.int(0...headerNames.count - 1)]
            let value = word(&rng, valueAlphabet, 0...12)
            headers.insert((name, value), at: rng.int(0...headers.count))
        }
        let body: [UInt8] = rng.int(0...2) == 0 ? [] : (0..<rng.int(1...64)).map { _ in UInt8(rng.int(0...255)) }

        let token: String? = rng.int(0...1) == 0 ? nil : "FQoG" + word(&rng, Array("abcdefXYZ0189+/=").map(String.init), 20...80)
        let secret = word(&rng, Array("abcdefghijkXYZ0123456789+/").map(String.init), 40...40)
        let accessKey = "AKIA" + word(&rng, Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").map(String.init), 16...16)
        let region = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"][rng.int(0...3)]
        let service = ["cognito-idp", "service", "iam", "execute-api"][rng.int(0...3)]
        let timestamp = SigV4Timestamp(date: Date(timeIntervalSince1970: Double(rng.int(946_684_800...2_051_222_400))))
        let signBody = rng.int(0...3) == 0

        let json: JSONValue = .object([
            "method": .string(method),
            "url": .string("https://\(host)\(path)"),
            "params": .array(params.map { .array([.string($0.0), .string($0.1)]) }),
            "headers": .array(headers.map { .array([.string($0.name), .string($0.value)]) }),
            "body_hex": .string(body.map { String(format: "%02x", $0) }.joined()),
            "region": .string(region), "service": .string(service),
            "amz_date": .string(timestamp.amzDate),
            "access_key": .string(accessKey), "secret_key": .string(secret),
            "token": token.map(JSONValue.string) ?? .null,
            "sign_body": .bool(signBody),
        ])
        return Case(request: SigV4Request(method: method, path: path, query: query, headers: headers, body: body),
                    json: json, credentials: AWSCredentials(accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token),
                    region: region, service: service, timestamp: timestamp,
                    options: SigV4Options(signBody: signBody))
    }
}
