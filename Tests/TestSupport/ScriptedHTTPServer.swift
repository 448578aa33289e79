import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// What the scripted server does with one request.
public struct ScriptedResponse: Sendable {
    public enum Action: Sendable {
        /// Answer normally (after the delays below).
        case respond
        /// Close the connection without answering, as a reset or crash would.
        case closeWithoutResponse
        /// Send the head and half the body, then close.
        case closeMidBody
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var action: Action
    /// Seconds before the response head is sent.
    public var headDelay: Double
    /// Seconds between the head and the body: a slow body, to trip read timeouts.
    public var bodyDelay: Double

    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], action: Action = .respond,
                headDelay: Double = 0, bodyDelay: Double = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.action = action
        self.headDelay = headDelay
        self.bodyDelay = bodyDelay
    }

    /// A JSON answer with a request id, as AWS services send.
    public static func json(_ status: Int = 200, _ body: String, headers: [(String, String)] = []) -> ScriptedResponse {
        var all = headers
        if !all.contains(where: { $0.0.lowercased() == "content-type" }) { all.append(("Content-Type", "application/x-amz-json-1.1")) }
        if !all.contains(where: { $0.0.lowercased() == "x-amzn-requestid" }) { all.append(("x-amzn-RequestId", "req-\(UUID().uuidString)")) }
        return ScriptedResponse(status: status, headers: all, body: Array(body.utf8))
    }

    /// An awsJson error: `{"__type": code, "message": message}`.
    public static func awsError(_ status: Int, _ code: String, _ message: String = "scripted error") -> ScriptedResponse {
        json(status, #"{"__type":"\#(code)","message":"\#(message)"}"#)
    }

    public static let reset = ScriptedResponse(action: .closeWithoutResponse)
}

/// A request the server received.
public struct RecordedRequest: Sendable {
    public let method: String
    public let uri: String
    public let headers: [(String, String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP/1.1 server on 127.0.0.1 with a free port, answering each request as the
/// test's responder says and recording what it received.
public final class ScriptedHTTPServer: Sendable {
    public typealias Responder = @Sendable (_ request: RecordedRequest, _ index: Int) -> ScriptedResponse

    private let channel: Channel
    private let log: Recorder
    public let port: Int
    private let scheme: String
    public var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    public var requests: [RecordedRequest] { log.all }
    public var requestCount: Int { log.all.count }

    /// Answers with `responder(request, index)`; index counts from 0. With `tls`,
    /// speaks HTTPS with that certificate (which no client trusts unless told to).
    public init(tls: SelfSignedCertificate? = nil, responder: @escaping Responder) async throws {
        let log = Recorder()
        self.log = log
        scheme = tls == nil ? "http" : "https"
        let sslContext = try tls.map { identity in
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(identity.certificatePath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: identity.privateKeyPath, format: .pem))))
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ScriptedHandler(responder: responder, log: log))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    /// Answers with the scripted responses in order; the last one repeats.
    public convenience init(script: [ScriptedResponse]) async throws {
        precondition(!script.isEmpty)
        try await self.init { _, i in script[min(i, script.count - 1)] }
    }

    public func shutdown() async {
        try? await channel.close()
    }
}

final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [RecordedRequest] = []

    func append(_ r: RecordedRequest) -> Int {
        lock.lock(); defer { lock.unlock() }
        requests.append(r)
        return requests.count - 1
    }

    var all: [RecordedRequest] {
        lock.lock(); defer { lock.unlock() }
        return requests
    }
}

private final class ScriptedHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let responder: ScriptedHTTPServer.Responder
    let log: Recorder
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(responder: @escaping ScriptedHTTPServer.Responder, log: Recorder) {
        self.responder = responder
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var buf):
            body += buf.readBytes(length: buf.readableBytes) ?? []
        case .end:
            guard let h = head else { return }
            let request = RecordedRequest(method: h.method.rawValue, uri: h.uri,
                                          headers: h.headers.map { ($0.name, $0.value) }, body: body)
            let index = log.append(request)
            respond(responder(request, index), keepAlive: h.isKeepAlive, context: context)
        }
    }

    private func respond(_ r: ScriptedResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        let loop = context.eventLoop
        let bound = NIOLoopBound(context, eventLoop: loop)
        if r.action == .closeWithoutResponse {
            context.close(promise: nil)
            return
        }
        var headers = HTTPHeaders(r.headers)
        let cut = r.action == .closeMidBody
        headers.replaceOrAdd(name: "Content-Length", value: String(r.body.count))
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: r.status), headers: headers)
        let body = r.body
        let bodyDelay = r.bodyDelay
        let sendHead: @Sendable () -> Void = {
            let context = bound.value
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
            let sendBody: @Sendable () -> Void = {
                let context = bound.value
                let part = cut ? Array(body.prefix(max(1, body.count / 2))) : body
                if !part.isEmpty {
                    context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: part)))), promise: nil)
                }
                if cut {
                    context.flush()
                    context.close(promise: nil)
                    return
                }
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
                if !keepAlive { context.close(promise: nil) }
            }
            if bodyDelay > 0 {
                loop.scheduleTask(in: .milliseconds(Int64(bodyDelay * 1000))) { sendBody() }
            } else {
                sendBody()
            }
        }
        if r.headDelay > 0 {
            loop.scheduleTask(in: .milliseconds(Int64(r.headDelay * 1000))) { sendHead() }
        } else {
            sendHead()
        }
    }
}
