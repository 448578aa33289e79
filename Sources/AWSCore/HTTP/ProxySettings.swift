import Foundation

/// An HTTP proxy (`http://[user:pass@]host:port`); https targets go through it with CONNECT.
public struct ProxyServer: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Parses `HTTPS_PROXY`-style values; a bare `host:port` means http.
    public init?(url: String) {
        let full = url.contains("://") ? url : "http://" + url
        guard let parts = URLParts(full), parts.scheme == "http" else { return nil }
        self.host = parts.host
        self.port = parts.port ?? 80
        if let sep = full.range(of: "://"), let at = full[sep.upperBound...].split(separator: "/").first?.lastIndex(of: "@") {
            let auth = full[sep.upperBound..<at]
            let pieces = auth.split(separator: ":", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            username = pieces.first
            password = pieces.count > 1 ? pieces[1] : nil
        }
    }

    /// The password never shows.
    public var description: String { "http://\(username.map { "\($0):****@" } ?? "")\(host):\(port)" }
}

/// Proxy choice from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (either case), as curl reads them.
public struct ProxyEnvironment: Sendable, Equatable {
    public var httpsProxy: String?
    public var httpProxy: String?
    public var noProxy: [String]

    public init(environment: [String: String]) {
        func get(_ name: String) -> String? {
            let v = environment[name] ?? environment[name.lowercased()]
            return (v?.isEmpty ?? true) ? nil : v
        }
        httpsProxy = get("HTTPS_PROXY")
        httpProxy = get("HTTP_PROXY")
        noProxy = (get("NO_PROXY") ?? "").split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    /// The proxy for a URL, or nil when it goes direct (no proxy set, or `NO_PROXY` matches).
    /// Throws a ConfigError for a proxy value that cannot be read.
    public func proxy(for url: String) throws -> ProxyServer? {
        guard let parts = URLParts(url) else { return nil }
        guard let value = parts.scheme == "https" ? httpsProxy : httpProxy else { return nil }
        if bypasses(host: parts.host) { return nil }
        guard let server = ProxyServer(url: value) else {
            throw AWSError.config("cannot read the proxy setting for \(parts.scheme) (expected http://host:port)")
        }
        return server
    }

    func bypasses(host: String) -> Bool {
        for entry in noProxy {
            if entry == "*" { return true }
            let pattern = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            let bare = pattern.split(separator: ":").first.map(String.init) ?? pattern
            if host == bare || host.hasSuffix("." + bare) { return true }
        }
        return false
    }
}
