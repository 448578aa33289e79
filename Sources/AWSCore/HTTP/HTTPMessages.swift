import Foundation

/// A request as the transport sends it: already signed, nothing left to decide.
public struct HTTPRequestMessage: Sendable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [HTTPHeaderField], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response with its whole body read.
public struct HTTPResponseMessage: Sendable {
    public var status: Int
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeaderField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// First value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// How the transport reaches the network: the key under which HTTP clients are pooled.
public struct HTTPTransportSettings: Hashable, Sendable {
    /// Seconds to open a connection (TCP and TLS).
    public var connectTimeout: Double
    /// Seconds to wait for the next bytes of a response before giving up on the attempt.
    public var readTimeout: Double
    public var proxy: ProxyServer?
    /// Extra PEM trust roots (`AWS_CA_BUNDLE`), added to the system trust store.
    public var caBundlePath: String?

    public init(connectTimeout: Double = 60, readTimeout: Double = 60, proxy: ProxyServer? = nil, caBundlePath: String? = nil) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.proxy = proxy
        self.caBundlePath = caBundlePath
    }
}
