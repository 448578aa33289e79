import AWSCore
import Foundation
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// What task.map shows while it runs and when it ends. On a terminal: one line
/// (`label  1,234/10,000  12%  24.9/s  eta 5m52s  failed 3  throttled 0`) redrawn at
/// most 10 times a second and cleared at the end. Not on one (cron): a log line every
/// 30 s. Always: a summary line at the end. Throttles are the process's since the job began.
public final class ProgressReport {
    struct Counts { var done = 0, skipped = 0, failed = 0 }

    /// A redrawn line (a terminal), a log line every 30 s (not one: cron), or nothing.
    enum Mode { case line, logLines, silent }

    let label: String
    var total: Int?
    let mode: Mode
    let logFormat: LogLineHandler.Format
    private let started = ProgressReport.now()
    private let throttlesBefore = CallStatistics.shared.throttles
    private var counts = Counts()
    private var lastDraw = 0.0
    private var lastLog: Double

    /// Whether a progress line is on the screen now (log lines clear it first).
    nonisolated(unsafe) static var lineShown = false
    static let redrawInterval = 0.1
    static let logInterval = 30.0

    init(label: String, total: Int?, mode: Mode, logFormat: LogLineHandler.Format) {
        self.label = label
        self.total = total
        self.mode = mode
        self.logFormat = logFormat
        lastLog = started
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static func clearLine() {
        guard lineShown else { return }
        fputs("\r\u{1B}[K", stderr)
        lineShown = false
    }

    func update(_ c: Counts) {
        counts = c
        tick()
    }

    func tick() {
        let t = Self.now()
        switch mode {
        case .line:
            guard t - lastDraw >= Self.redrawInterval else { return }
            lastDraw = t
            fputs("\r" + line(at: t) + "\u{1B}[K", stderr)
            Self.lineShown = true
        case .logLines:
            guard t - lastLog >= Self.logInterval else { return }
            lastLog = t
            LogLineHandler.write(LogLineHandler.render(level: .info, message: line(at: t), format: logFormat, fields: fields(at: t)))
        case .silent:
            break
        }
    }

    /// The items of every job of the run so far, for the run summary.
    nonisolated(unsafe) public static var runTotals: (jobs: Int, done: Int, skipped: Int, failed: Int) = (0, 0, 0, 0)

    /// Clears the line and writes the summary; returns the seconds the job took.
    /// `note`: what the summary adds (a stopped job: how to go on).
    func finish(_ c: Counts, note: String? = nil) -> Double {
        counts = c
        Self.runTotals = (Self.runTotals.jobs + 1, Self.runTotals.done + c.done, Self.runTotals.skipped + c.skipped,
                          Self.runTotals.failed + c.failed)
        let t = Self.now()
        Self.clearLine()
        let elapsed = t - started
        let processed = Double(c.done + c.failed)
        let message = "\(label): \(Self.grouped(c.done)) done, \(Self.grouped(c.skipped)) skipped, \(Self.grouped(c.failed)) failed in "
            + Self.duration(elapsed) + " (\(Self.rate(processed / max(elapsed, 1e-9)))/s), throttled \(throttles)"
            + (note.map { "; " + $0 } ?? "")
        var final = fields(at: t).merging(["final": .bool(true)]) { $1 }
        if let note { final["note"] = .string(note) }
        LogLineHandler.write(LogLineHandler.render(level: c.failed > 0 || note != nil ? .warning : .info, message: message,
                                                   format: logFormat, fields: final))
        return elapsed
    }

    private var throttles: Int { CallStatistics.shared.throttles - throttlesBefore }

    func line(at t: Double) -> String {
        let elapsed = max(t - started, 1e-9)
        let count = counts.done + counts.skipped + counts.failed
        let rate = Double(counts.done + counts.failed) / elapsed
        var parts = [label]
        if let total, total > 0 {
            parts.append("\(Self.grouped(count))/\(Self.grouped(total))")
            parts.append("\(min(100, count * 100 / total))%")
        } else {
            parts.append(Self.grouped(count))
        }
        parts.append("\(Self.rate(rate))/s")
        if let total, rate > 0, count < total {
            parts.append("eta " + Self.duration(Double(total - count) / rate))
        }
        parts.append("failed \(Self.grouped(counts.failed))")
        parts.append("throttled \(Self.grouped(throttles))")
        return parts.joined(separator: "  ")
    }

    func fields(at t: Double) -> [String: JSONValue] {
        var f: [String: JSONValue] = [
            "label": .string(label), "done": .int(Int64(counts.done)), "skipped": .int(Int64(counts.skipped)),
            "failed": .int(Int64(counts.failed)), "throttled": .int(Int64(throttles)),
            "elapsed": .double(((t - started) * 1000).rounded() / 1000),
        ]
        if let total { f["total"] = .int(Int64(total)) }
        return f
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func rate(_ r: Double) -> String {
        String(format: "%.1f", r)
    }

    /// 352 s → "5m52s"; 3.25 s → "3.2s"; 7,384 s → "2h03m".
    static func duration(_ s: Double) -> String {
        if s < 60 { return String(format: "%.1fs", s) }
        let whole = Int(s.rounded())
        if whole < 3600 { return "\(whole / 60)m" + String(format: "%02ds", whole % 60) }
        return "\(whole / 3600)h" + String(format: "%02dm", (whole % 3600) / 60)
    }

    /// progress(label, total, show_line) → { count = f(done, skipped, failed), tick = f(), finish = f(...) -> elapsed }.
    /// The line is drawn when asked for and stderr is a terminal; log lines come when
    /// stderr is not a terminal, unless --quiet.
    static func push(_ s: LuaStack, logFormat: LogLineHandler.Format, quiet: Bool) throws -> Int32 {
        let total = s.integer(at: 2).map { Int($0) }
        let terminal = isatty(2) != 0
        let mode: Mode = terminal ? (s.boolean(at: 3) ? .line : .silent) : (quiet ? .silent : .logLines)
        let report = ProgressReport(label: s.string(at: 1) ?? "task.map", total: total, mode: mode, logFormat: logFormat)
        func counts(_ s: LuaStack) -> Counts {
            Counts(done: Int(s.integer(at: 1) ?? 0), skipped: Int(s.integer(at: 2) ?? 0), failed: Int(s.integer(at: 3) ?? 0))
        }
        s.newTable(fields: 5)
        s.pushFunction { s in report.update(counts(s)); return 0 }
        s.setField("count", in: -2)
        s.pushFunction { _ in report.tick(); return 0 }
        s.setField("tick", in: -2)
        s.pushFunction { s in s.pushNumber(report.finish(counts(s), note: s.string(at: 4))); return 1 }
        s.setField("finish", in: -2)
        // For jobs that write their own summary (snapshot.take): the total once known,
        // and the line cleared without a task.map summary.
        s.pushFunction { s in report.total = s.integer(at: 1).map { Int($0) }; return 0 }
        s.setField("set_total", in: -2)
        s.pushFunction { _ in ProgressReport.clearLine(); return 0 }
        s.setField("clear", in: -2)
        return 1
    }
}
