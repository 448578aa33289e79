import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The process's HTTP stack: one AsyncHTTPClient (and so one keep-alive connection pool)
/// per distinct network setting — in practice one. The clients live as long as the
/// process: the kernel closes their connections when it exits.
public final class HTTPTransport: Sendable {
    public static let shared = HTTPTransport()

    /// Connections kept per host: as many as calls can be in flight at once.
    static let connectionsPerHost = 256

    /// Responses larger than this are refused rather than buffered (Cognito's are small).
    static let maxResponseBytes = 32 * 1024 * 1024

    private let clients = LockedBox<[HTTPTransportSettings: HTTPClient]>([:])

    public init() {}

    /// Sends one request and reads the whole response. Errors are AWSErrors of kind
    /// network or timeout (retryable) or config (bad CA bundle, bad URL).
    public func send(_ request: HTTPRequestMessage, settings: HTTPTransportSettings) async throws -> HTTPResponseMessage {
        let client = try client(for: settings)
        var req = HTTPClientRequest(url: request.url)
        req.method = HTTPMethod(rawValue: request.method)
        for h in request.headers { req.headers.add(name: h.name, value: h.value) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            req.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let response = try await client.execute(req, deadline: .distantFuture)
            let body = try await response.body.collect(upTo: Self.maxResponseBytes)
            let headers = response.headers.map { (name: $0.name, value: $0.value) }
            return HTTPResponseMessage(status: Int(response.status.code), headers: headers,
                                       body: Array(buffer: body))
        } catch {
            throw Self.classify(error, url: request.url, settings: settings)
        }
    }

    func client(for settings: HTTPTransportSettings) throws -> HTTPClient {
        if let c = clients.withLock({ $0[settings] }) { return c }
        let config = try Self.configuration(for: settings)
        return clients.withLock { pool in
            if let existing = pool[settings] { return existing }
            let c = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: config)
            pool[settings] = c
            return c
        }
    }

    static func configuration(for settings: HTTPTransportSettings) throws -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let bundle = settings.caBundlePath {
            guard FileManager.default.isReadableFile(atPath: bundle) else {
                throw AWSError.config("the CA bundle \(bundle) (AWS_CA_BUNDLE / ca_bundle) cannot be read")
            }
            tls.additionalTrustRoots = [.file(bundle)]
        }
        var proxy: HTTPClient.Configuration.Proxy?
        if let p = settings.proxy {
            let auth = p.username.map { HTTPClient.Authorization.basic(username: $0, password: p.password ?? "") }
            proxy = .server(host: p.host, port: p.port, authorization: auth)
        }
        var config = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(settings.connectTimeout * 1000)),
                           read: .milliseconds(Int64(settings.readTimeout * 1000))),
            connectionPool: .init(idleTimeout: .seconds(60)),
            proxy: proxy,
            decompression: .disabled)
        config.httpVersion = .http1Only
        // A refused connection fails the attempt at once; the retry layer decides what
        // happens next, with its backoff and quota (AHC would otherwise retry until the
        // connect timeout, invisibly).
        config.connectionPool.retryConnectionEstablishment = false
        // Concurrent calls (task.map's workers, up to 256) each need a connection of
        // their own over HTTP/1.1; AsyncHTTPClient's default of 8 would queue the rest.
        config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.connectionsPerHost
        // No spans: nothing in cogsh collects them, and the default (a no-op tracer) still
        // opens a span and re-parses the URL for its attributes on every request.
        config.tracing.tracer = nil
        return config
    }

    /// A failed exchange as a retry loop sees it: classified, known secrets scrubbed from
    /// the message, the operation and the attempt set.
    static func failure(_ error: Error, url: String, settings: HTTPTransportSettings, operation: String, attempt: Int,
                        redactor: Redactor) -> AWSError {
        var failure = classify(error, url: url, settings: settings)
        failure.message = redactor.scrub(failure.message)
        failure.operation = operation
        failure.attempts = attempt
        return failure
    }

    /// Turns whatever the HTTP stack threw into an AWSError whose message names the
    /// endpoint and the cause, never a header or a body.
    static func classify(_ error: Error, url: String, settings: HTTPTransportSettings) -> AWSError {
        if let e = error as? AWSError { return e }
        let host = URLParts(url).map { "\($0.host):\($0.effectivePort)" } ?? url
        if let e = error as? HTTPClientError {
            switch e {
            case .readTimeout:
                return .timeout("no response data from \(host) within the read timeout of \(settings.readTimeout) s")
            case .connectTimeout, .tlsHandshakeTimeout, .httpProxyHandshakeTimeout, .socksHandshakeTimeout, .getConnectionFromPoolTimeout:
                return .timeout("could not connect to \(host) within the connect timeout of \(settings.connectTimeout) s")
            case .deadlineExceeded:
                return .timeout("the request to \(host) did not finish in time")
            case .remoteConnectionClosed:
                return .network("\(host) closed the connection before the response was complete")
            case .alreadyShutdown:
                return .network("the HTTP transport was shut down", retryable: false)
            case .invalidURL, .emptyHost, .emptyScheme:
                return .config("invalid endpoint URL \(url)")
            case .invalidProxyResponse, .proxyAuthenticationRequired:
                return .network("the proxy refused the connection to \(host)")
            default:
                return .network("HTTP error talking to \(host): \(e)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError {
            // Never retried, never downgraded: a certificate no trust root vouches for is
            // an attack or a missing private CA, and the remedy is the user's.
            if "\(error)".contains("CERTIFICATE_VERIFY_FAILED") {
                return .network("TLS failure talking to \(host): its certificate failed verification (CERTIFICATE_VERIFY_FAILED: "
                                + "not from a trusted CA, expired, or for another name); "
                                + "for a private CA set AWS_CA_BUNDLE or ca_bundle in the profile", retryable: false)
            }
            return .network("TLS failure talking to \(host): \(error)", retryable: false)
        }
        if let e = error as? HTTPParserError, e == .invalidEOFState {
            return .network("\(host) closed the connection before the response was complete")
        }
        if let e = error as? NIOConnectionError {
            let cause = e.connectionErrors.first.map { "\($0.error)" } ?? "no address"
            return .network("could not connect to \(host): \(cause)")
        }
        if error is CancellationError {
            return .network("the request to \(host) was cancelled", retryable: false)
        }
        // A socket error (refused, reset, unreachable): the system's words for it.
        if let e = error as? IOError {
            return .network("could not reach \(host): \(String(cString: strerror(e.errnoCode))) (errno \(e.errnoCode))")
        }
        return .network("network failure talking to \(host): \(error)")
    }
}
