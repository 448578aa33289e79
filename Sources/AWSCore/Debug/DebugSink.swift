/// Where `--debug` output goes: each request and response as text, already redacted.
/// The caller decides the destination (stderr, a log, a test's buffer).
public struct DebugSink: Sendable {
    public let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    func request(_ r: HTTPRequestMessage, attempt: Int, redactor: Redactor) {
        var lines = ["--> \(r.method) \(redactor.scrub(r.url)) (attempt \(attempt))"]
        for h in r.headers.map(redactor.header) { lines.append("\(h.name): \(h.value)") }
        lines.append("")
        lines.append(redactor.body(r.body))
        write(lines.joined(separator: "\n"))
    }

    func response(_ r: HTTPResponseMessage, elapsed: Double, redactor: Redactor) {
        var lines = ["<-- HTTP \(r.status) (\(Int(elapsed * 1000)) ms)"]
        for h in r.headers.map(redactor.header) { lines.append("\(h.name): \(h.value)") }
        lines.append("")
        lines.append(redactor.body(r.body))
        write(lines.joined(separator: "\n"))
    }

    func failure(_ e: AWSError, redactor: Redactor) {
        write("<-- \(redactor.scrub(e.description))")
    }
}
