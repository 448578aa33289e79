import AWSCore
import LuaHost
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The lines cogsh itself writes on stderr about a run: an uncaught error, a task's
/// error, a dry-run call, a --debug block, the run summary. In text mode each is what
/// it always was; with --log-format json each is one JSON object (LogLineHandler's
/// `time`, `level`, `msg` plus its own fields), so a log collector never splits one.
public enum StderrLines {
    nonisolated(unsafe) public static var format: LogLineHandler.Format = .text

    /// `text` as it is in text mode; in JSON, `msg` is `message` and `fields` join it.
    public static func write(_ text: String, level: Logger.Level, message: String, fields: [String: JSONValue] = [:]) {
        switch format {
        case .text: LogLineHandler.write(text.hasSuffix("\n") ? text : text + "\n")
        case .json: LogLineHandler.write(LogLineHandler.render(level: level, message: message, format: .json, fields: fields))
        }
    }

    /// An uncaught error (or a task's that nobody waited for): `description` is the text
    /// lua.c would print; `value` the error value, whose fields become JSON fields;
    /// `exit` the status the run ends with, when it does.
    /// `showTraceback`: false prints the message alone in text mode (JSON keeps the
    /// traceback as a field, never as lines).
    public static func error(_ description: String, value: LuaValue?, exit: Int32?, prefix: String = "", showTraceback: Bool = true) {
        var fields: [String: JSONValue] = [:]
        let (text, traceback) = split(description)
        if case .table(let t)? = value {
            for name in ["code", "message", "request_id", "operation", "field"] {
                if let s = t[name]?.text { fields[name] = .string(s) }
            }
            if case .integer(let status)? = t["status"] { fields["status"] = .int(status) }
            if case .boolean(let b)? = t["retryable"] { fields["retryable"] = .bool(b) }
            if case .integer(let n)? = t["attempts"] { fields["attempts"] = .int(n) }
        } else {
            fields["message"] = .string(text)
        }
        if let traceback { fields["traceback"] = .string(traceback) }
        if let exit { fields["exit"] = .int(Int64(exit)) }
        write("cogsh: " + prefix + (showTraceback ? description : text), level: .error, message: prefix + text, fields: fields)
    }

    /// A run stopped by a signal or --timeout: one line saying so (`interrupted by
    /// SIGINT`), the traceback only when asked for (--verbose) or as a JSON field.
    public static func stopped(_ message: String, code: String, traceback: String?, exit: Int32, showTraceback: Bool) {
        var fields: [String: JSONValue] = ["code": .string(code), "message": .string(message), "exit": .int(Int64(exit))]
        if let traceback { fields["traceback"] = .string(traceback) }
        let text = "cogsh: " + message + (showTraceback ? traceback.map { "\n" + $0 } ?? "" : "")
        write(text, level: .error, message: message, fields: fields)
    }

    /// The message and the traceback that follows it, if any.
    public static func split(_ text: String) -> (String, String?) {
        guard let r = text.range(of: "\nstack traceback:") else { return (text, nil) }
        return (String(text[..<r.lowerBound]), String(text[text.index(after: r.lowerBound)...]))
    }
}
