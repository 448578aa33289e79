import Crypto
import Foundation

/// Choices that change what gets signed.
public struct SigV4Options: Sendable {
    /// Remove dot segments and `//` from the path before encoding (every service but S3).
    public var normalizePath: Bool
    /// Add `X-Amz-Content-SHA256` with the body's hash and sign it.
    public var signBody: Bool

    public init(normalizePath: Bool = true, signBody: Bool = false) {
        self.normalizePath = normalizePath
        self.signBody = signBody
    }
}

/// What signing produced; `headers` is the full list to send.
public struct SigV4Signature: Sendable {
    /// The request's headers after signing: the originals in order (minus the ones the
    /// signer owns), then those the signer added, `Authorization` last.
    public let headers: [HTTPHeaderField]
    public let authorization: String
    public let signature: String
    public let signedHeaders: String
    /// Kept as bytes; the transport never needs the text, so it is built only when asked.
    let canonicalRequestBytes: [UInt8]
    let stringToSignBytes: [UInt8]
    public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
    public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
}

/// AWS Signature Version 4 over plain values; the transport calls it, never the reverse.
public struct SigV4Signer: Sendable {
    public var region: String
    public var service: String

    static let algorithm = "AWS4-HMAC-SHA256"
    /// Headers a proxy or the HTTP stack may change or drop: signing them would break
    /// the signature in transit (hop-by-hop headers and the few botocore also leaves out).
    static func isUnsigned(_ lowerName: String) -> Bool {
        switch lowerName {
        case "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
             "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id":
            return true
        default:
            return false
        }
    }
    static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public init(region: String, service: String) {
        self.region = region
        self.service = service
    }

    public func sign(_ request: SigV4Request, credentials: AWSCredentials,
                     timestamp: SigV4Timestamp = SigV4Timestamp(), options: SigV4Options = SigV4Options()) -> SigV4Signature {
        let token = credentials.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        let bodyHash = request.body.isEmpty ? Self.emptyBodyHash : Hex.string(digest: Self.sha256(request.body))

        // Drop the headers this signature owns, then add fresh ones. Lower-cased names are
        // computed once and travel beside the headers.
        var headers: [HTTPHeaderField] = []
        var lowerNames: [String] = []
        headers.reserveCapacity(request.headers.count + 4)
        lowerNames.reserveCapacity(request.headers.count + 4)
        for h in request.headers {
            let l = Self.lower(h.name)
            let owned = l == "authorization" || l == "x-amz-date" || (token != nil && l == "x-amz-security-token")
                || (options.signBody && l == "x-amz-content-sha256")
            if !owned {
                headers.append(h)
                lowerNames.append(l)
            }
        }
        var added: [HTTPHeaderField] = [(name: "X-Amz-Date", value: timestamp.amzDate)]
        if let token { added.append((name: "X-Amz-Security-Token", value: token)) }
        if options.signBody { added.append((name: "X-Amz-Content-SHA256", value: bodyHash)) }
        for h in added {
            headers.append(h)
            lowerNames.append(Self.lower(h.name))
        }

        var creq: [UInt8] = []
        creq.reserveCapacity(256 + request.path.utf8.count + request.query.utf8.count
                             + headers.reduce(0) { $0 + $1.name.utf8.count * 2 + $1.value.utf8.count + 2 })
        let signedHeaders = appendCanonicalRequestHead(method: request.method, path: request.path, query: request.query,
                                                       headers: headers, lowerNames: lowerNames,
                                                       normalizePath: options.normalizePath, into: &creq)
        creq.append(contentsOf: bodyHash.utf8)

        let scope = self.scope(timestamp)
        let (sts, signature) = signString(canonicalRequest: creq, scope: scope, credentials: credentials, timestamp: timestamp)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        headers.append((name: "Authorization", value: authorization))
        return SigV4Signature(headers: headers, authorization: authorization, signature: signature,
                              signedHeaders: signedHeaders, canonicalRequestBytes: creq, stringToSignBytes: sts)
    }

    func scope(_ timestamp: SigV4Timestamp) -> String {
        "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// Writes method, path, query, canonical headers and signed headers (each line ended),
    /// leaving only the payload hash for the caller. Returns the signed-headers list.
    private func appendCanonicalRequestHead(method: String, path: String, query: String, headers: [HTTPHeaderField],
                                            lowerNames: [String], normalizePath: Bool, into out: inout [UInt8]) -> String {
        out.append(contentsOf: method.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7a }) ? method.uppercased().utf8 : method.utf8)
        out.append(0x0a)
        SigV4Encoding.canonicalPath(path, normalize: normalizePath, into: &out)
        out.append(0x0a)
        SigV4Encoding.canonicalQuery(query, into: &out)
        out.append(0x0a)

        // Stable sort by lower-cased name keeps repeated headers in sending order.
        var entries: [(name: String, index: Int)] = []
        entries.reserveCapacity(headers.count)
        for (i, l) in lowerNames.enumerated() where !Self.isUnsigned(l) {
            entries.append((l, i))
        }
        entries.sort { a, b in
            let order = Self.compareBytes(a.name, b.name)
            return order == 0 ? a.index < b.index : order < 0
        }
        var signed: [UInt8] = []
        var previous: String?
        for e in entries {
            if e.name == previous {
                out.append(UInt8(ascii: ","))
            } else {
                if previous != nil {
                    out.append(0x0a)
                    signed.append(UInt8(ascii: ";"))
                }
                out.append(contentsOf: e.name.utf8)
                out.append(UInt8(ascii: ":"))
                signed.append(contentsOf: e.name.utf8)
                previous = e.name
            }
            SigV4Encoding.appendCanonicalHeaderValue(headers[e.index].value, into: &out)
        }
        out.append(0x0a)
        out.append(0x0a)
        out.append(contentsOf: signed)
        out.append(0x0a)
        return String(decoding: signed, as: UTF8.self)
    }

    private func signString(canonicalRequest: [UInt8], scope: String, credentials: AWSCredentials,
                            timestamp: SigV4Timestamp) -> (stringToSign: [UInt8], signature: String) {
        var sts: [UInt8] = []
        sts.reserveCapacity(160)
        sts.append(contentsOf: Self.algorithm.utf8)
        sts.append(0x0a)
        sts.append(contentsOf: timestamp.amzDate.utf8)
        sts.append(0x0a)
        sts.append(contentsOf: scope.utf8)
        sts.append(0x0a)
        Hex.append(digest: Self.sha256(canonicalRequest), to: &sts)
        var hmac = SigningKeyCache.shared.keyedHMAC(secret: credentials.secretAccessKey, date: String(timestamp.dateStamp),
                                                    region: region, service: service)
        hmac.update(data: sts)
        let mac = hmac.finalize()
        return (sts, Hex.string(digest: mac))
    }

    /// Byte-wise order of two header names (memcmp); String's own comparison is Unicode-aware and slower.
    static func compareBytes(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let n = min(pa.count, pb.count)
                if n > 0, let x = pa.baseAddress, let y = pb.baseAddress {
                    let c = memcmp(x, y, n)
                    if c != 0 { return Int(c) }
                }
                return pa.count - pb.count
            }
        }
    }

    static func sha256(_ bytes: [UInt8]) -> SHA256.Digest {
        var h = SHA256()
        bytes.withUnsafeBytes { h.update(bufferPointer: $0) }
        return h.finalize()
    }

    /// ASCII lower-casing; header names are ASCII tokens, and Foundation's Unicode-aware
    /// lowercased() is slower than this whole step should be.
    static func lower(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5a }) else { return s }
        let count = s.utf8.count
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            for c in s.utf8 {
                out[i] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c
                i += 1
            }
            return count
        }
    }
}
