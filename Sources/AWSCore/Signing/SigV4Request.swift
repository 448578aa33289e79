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
        if !headers.contains(where: { $0.name.lowercased() == "host" }) {
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
        guard let sep = url.range(of: "://") else { return nil }
        scheme = url[..<sep.lowerBound].lowercased()
        var rest = url[sep.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let afterAuthority = rest[authorityEnd...]
        if let q = afterAuthority.firstIndex(of: "?") {
            path = String(afterAuthority[..<q])
            query = String(afterAuthority[afterAuthority.index(after: q)...])
        } else {
            path = String(afterAuthority)
            query = ""
        }
        if path.isEmpty { path = "/" }
        // Host and port; a bracketed IPv6 literal keeps its brackets out of `host`.
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let tail = authority[authority.index(after: close)...]
            if tail.hasPrefix(":") {
                guard let p = Int(tail.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        } else {
            host = String(authority)
        }
        guard !scheme.isEmpty, !host.isEmpty else { return nil }
        host = host.lowercased()
    }

    var defaultPort: Int { scheme == "http" ? 80 : 443 }
    var effectivePort: Int { port ?? defaultPort }

    /// The `Host` header value: the default port for the scheme is left out.
    var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        if let port, port != defaultPort { return "\(h):\(port)" }
        return h
    }
}
