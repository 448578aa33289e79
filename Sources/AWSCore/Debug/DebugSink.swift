/// Where `--debug` output goes: each request and response as text, already redacted.
/// The caller decides the destination (stderr, a log, a test's buffer).
public struct DebugSink: Sendable {
    /// Masks what a service model marks sensitive in a JSON body, given the operation's
    /// `X-Amz-Target` and whether the body is a response. AWSCore knows no model; the
    /// service layer passes this in.
    public typealias BodyMask = @Sendable (_ target: String, _ isResponse: Bool, _ body: JSONValue) -> JSONValue

    public let write: @Sendable (String) -> Void
    let mask: BodyMask?

    public init(mask: BodyMask? = nil, _ write: @escaping @Sendable (String) -> Void) {
        self.write = write
        self.mask = mask
    }

    func request(_ r: HTTPRequestMessage, attempt: Int, redactor: Redactor) {
        var lines = ["--> \(r.method) \(redactor.scrub(r.url)) (attempt \(attempt))"]
        for h in r.headers.map(redactor.header) { lines.append("\(h.name): \(h.value)") }
        lines.append("")
        lines.append(redactor.body(masked(r.body, target: Self.target(of: r.headers), isResponse: false)))
        write(lines.joined(separator: "\n"))
    }

    func response(_ r: HTTPResponseMessage, elapsed: Double, redactor: Redactor, target: String = "") {
        var lines = ["<-- HTTP \(r.status) (\(Int(elapsed * 1000)) ms)"]
        for h in r.headers.map(redactor.header) { lines.append("\(h.name): \(h.value)") }
        lines.append("")
        lines.append(redactor.body(masked(r.body, target: target, isResponse: true)))
        write(lines.joined(separator: "\n"))
    }

    static func target(of headers: [HTTPHeaderField]) -> String {
        headers.first { $0.name.lowercased() == "x-amz-target" }?.value ?? ""
    }

    private func masked(_ body: [UInt8], target: String, isResponse: Bool) -> [UInt8] {
        guard let mask, !body.isEmpty, let json = try? JSONCodec.decode(body),
              let out = try? JSONCodec.encode(mask(target, isResponse, json)) else { return body }
        return out
    }

    func failure(_ e: AWSError, redactor: Redactor) {
        write("<-- \(redactor.scrub(e.description))")
    }
}
