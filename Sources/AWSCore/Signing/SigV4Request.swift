/// One HTTP header as sent: order and repeats matter, so headers travel as a list of these.
public typealias HTTPHeaderField = (name: String, value: String)

/// The parts of an HTTP request that SigV4 signs, as plain values.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path as it appears in the URL (e.g. `/`); the signer encodes it for signing.
    public var path: String
    /// The raw query string without `?` (may hold escapes; the signer decodes and re-encodes).
    public var query: String
    /// Headers in sending order, duplicates kept. Include `Host`.
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", headers: [HTTPHeaderField], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Splits an absolute URL (`https://host[:port]/path?query`) and adds a `Host` header
    /// (default port omitted) when `headers` has none. Nil when the URL has no scheme or host.
    public init?(method: String, url: String, headers: [HTTPHeaderField] = [], body: [UInt8] = []) {
        guard let parts = URLParts(url) else { return nil }
        var headers = headers
        if !headers.contains(where: { SigV4Signer.lower($0.name) == "host" }) {
            headers.insert((name: "Host", value: parts.hostHeader), at: 0)
        }
        self.init(method: method, path: parts.path, query: parts.query, headers: headers, body: body)
    }
}

/// A light split of an absolute URL that keeps the path and query exactly as written
/// (Foundation's URL would re-escape or reject them, and the signature covers their bytes).
struct URLParts: Sendable, Equatable {
    var scheme: String
    var host: String
    var port: Int?
    var path: String
    var query: String

    init?(_ url: String) {
        // Byte offsets into the UTF-8 text: every delimiter is ASCII, and Character
        // indexing (grapheme breaking) costs more than signing the request.
        let b = Array(url.utf8)
        func text(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }
        guard let sep = b.indices.dropLast(2).first(where: { b[$0] == 0x3a && b[$0 + 1] == 0x2f && b[$0 + 2] == 0x2f }) else {
            return nil   // no "://"
        }
        scheme = Self.lower(text(0..<sep))
        let start = sep + 3
        let end = b[start...].firstIndex(of: UInt8(ascii: "#")) ?? b.count
        let authorityEnd = b[start..<end].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? end
        let authorityStart = b[start..<authorityEnd].lastIndex(of: UInt8(ascii: "@")).map { $0 + 1 } ?? start
        if let q = b[authorityEnd..<end].firstIndex(of: UInt8(ascii: "?")) {
            path = text(authorityEnd..<q)
            query = text((q + 1)..<end)
        } else {
            path = text(authorityEnd..<end)
            query = ""
        }
        if path.isEmpty { path = "/" }
        // Host and port; a bracketed IPv6 literal keeps its brackets out of `host`.
        let authority = authorityStart..<authorityEnd
        if !authority.isEmpty, b[authorityStart] == UInt8(ascii: "["), let close = b[authority].firstIndex(of: UInt8(ascii: "]")) {
            host = text((authorityStart + 1)..<close)
            if close + 1 < authorityEnd, b[close + 1] == UInt8(ascii: ":") {
                guard let p = Int(text((close + 2)..<authorityEnd)) else { return nil }
                port = p
            }
        } else if let colon = b[authority].lastIndex(of: UInt8(ascii: ":")) {
            host = text(authorityStart..<colon)
            guard let p = Int(text((colon + 1)..<authorityEnd)) else { return nil }
            port = p
        } else {
            host = text(authority)
        }
        guard !scheme.isEmpty, !host.isEmpty else { return nil }
        host = Self.lower(host)
    }

    /// ASCII text lower-cased by bytes; anything else by Unicode rules.
    static func lower(_ s: String) -> String {
        s.utf8.allSatisfy { $0 < 0x80 } ? SigV4Signer.lower(s) : s.lowercased()
    }

    var defaultPort: Int { scheme == "http" ? 80 : 443 }
    var effectivePort: Int { port ?? defaultPort }

    /// The `Host` header value: the default port for the scheme is left out.
    var hostHeader: String {
        // Bytes, not String.contains: with Foundation imported that is a locale-aware search.
        let h = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        if let port, port != defaultPort { return "\(h):\(port)" }
        return h
    }
}
