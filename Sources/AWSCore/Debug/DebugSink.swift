/// Where `--debug` output goes: each request and response as text, already redacted.
/// The caller decides the destination (stderr, a log, a test's buffer).
public struct DebugSink: Sendable {
    /// Masks what a service model marks sensitive in a decoded response body, given
    /// the operation's name. AWSCore knows no model; the service layer passes this in.
    public typealias ResponseMask = @Sendable (_ operation: String, _ body: JSONValue) -> JSONValue

    public let write: @Sendable (String) -> Void
    let maskResponse: ResponseMask?

    public init(maskResponse: ResponseMask? = nil, _ write: @escaping @Sendable (String) -> Void) {
        self.write = write
        self.maskResponse = maskResponse
    }

    /// `shown` is the body as the service layer displays it (already masked); without
    /// it the raw body is shown through the redactor.
    func request(_ r: HTTPRequestMessage, attempt: Int, shown: JSONValue?, redactor: Redactor) {
        var lines = ["--> \(r.method) \(redactor.scrub(r.url)) (attempt \(attempt))"]
        for h in r.headers.map(redactor.header) { lines.append("\(h.name): \(h.value)") }
        lines.append("")
        lines.append(shown.map(redactor.json) ?? redactor.body(r.body))
        write(lines.joined(separator: "\n"))
    }

    /// `decoded` is the body already decoded (a success), masked here for the operation.
    func response(_ r: HTTPResponseMessage, elapsed: Double, operation: String, decoded: JSONValue?, redactor: Redactor) {
        var lines = ["<-- HTTP \(r.status) (\(Int(elapsed * 1000)) ms)"]
        for h in r.headers.map(redactor.header) { lines.append("\(h.name): \(h.value)") }
        lines.append("")
        if let decoded, !r.body.isEmpty {
            lines.append(redactor.json(maskResponse?(operation, decoded) ?? decoded))
        } else {
            lines.append(redactor.body(r.body))
        }
        write(lines.joined(separator: "\n"))
    }

    func failure(_ e: AWSError, redactor: Redactor) {
        write("<-- \(redactor.scrub(e.description))")
    }
}
