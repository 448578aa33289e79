import AWSCore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The one place log lines are written: stderr, one line each, as text
/// (`2026-11-27T19:44:32.123Z INFO  message`) or as JSON lines for cron.
public struct LogLineHandler: LogHandler {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let format: Format

    public init(format: Format, level: Logger.Level) {
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        Self.write(Self.render(level: event.level, message: event.message.description, format: format))
    }

    /// Writes a finished line to stderr, clearing task.map's progress line first (it
    /// is drawn again at its next redraw).
    public static func write(_ line: String) {
        ProgressReport.clearLine()
        fputs(line, stderr)
    }

    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "debug"
        case .info, .notice: return "info"
        case .warning: return "warn"
        case .error, .critical: return "error"
        }
    }

    /// One line; in JSON, `fields` join `time`, `level` and `msg` (text says it all in `message`).
    public static func render(level: Logger.Level, message: String, format: Format, fields: [String: JSONValue] = [:]) -> String {
        let time = timestamp()
        let name = levelName(level)
        switch format {
        case .text:
            let padded = name.uppercased().padding(toLength: 5)
            return "\(time) \(padded) \(message)\n"
        case .json:
            var object = fields
            object["time"] = .string(time)
            object["level"] = .string(name)
            object["msg"] = .string(message)
            let json = JSONValue.object(object)
            let bytes = (try? JSONCodec.encode(json)) ?? Array("{}".utf8)
            return String(decoding: bytes, as: UTF8.self) + "\n"
        }
    }

    /// UTC with milliseconds, without Foundation's formatter on the hot path.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = Int(tv.tv_usec / 1000)
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))T\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)).\(msText)Z"
    }
}

extension String {
    func padding(toLength n: Int) -> String {
        count >= n ? self : self + String(repeating: " ", count: n - count)
    }
}
