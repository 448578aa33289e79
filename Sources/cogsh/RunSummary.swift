import AWSCore
import CogshLua
import Dispatch

/// The one line that says what a run did, written when it ends (also through
/// os.exit): exit status, duration, calls per operation, retries, throttles received,
/// failures by code, and task.map's items. Always with --log-format json; in text mode
/// with --verbose.
final class RunSummary {
    let format: LogLineHandler.Format
    let verbose: Bool
    private let started = DispatchTime.now().uptimeNanoseconds
    private var written = false

    init(format: LogLineHandler.Format, verbose: Bool) {
        self.format = format
        self.verbose = verbose
    }

    func write(exit status: Int32) {
        guard !written, format == .json || verbose else { return }
        written = true
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let stats = CallStatistics.shared.snapshot
        let totalCalls = stats.calls.values.reduce(0, +)
        var text = "run ended: exit \(status) in " + String(format: "%.2f", seconds) + " s, \(totalCalls) calls"
        if !stats.calls.isEmpty {
            text += " (" + stats.calls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        text += ", \(stats.retries) retries, \(stats.throttles) throttled"
        if !stats.failures.isEmpty {
            text += ", failed: " + stats.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var fields: [String: JSONValue] = [
            "summary": .bool(true), "exit": .int(Int64(status)), "duration": .double((seconds * 1000).rounded() / 1000),
            "calls": .object(stats.calls.mapValues { .int(Int64($0)) }), "retries": .int(Int64(stats.retries)),
            "throttled": .int(Int64(stats.throttles)), "errors": .object(stats.failures.mapValues { .int(Int64($0)) }),
        ]
        let jobs = ProgressReport.runTotals
        if jobs.jobs > 0 {
            text += ", items: \(jobs.done) done, \(jobs.skipped) skipped, \(jobs.failed) failed"
            fields["items"] = .object(["done": .int(Int64(jobs.done)), "skipped": .int(Int64(jobs.skipped)),
                                       "failed": .int(Int64(jobs.failed))])
        }
        LogLineHandler.write(LogLineHandler.render(level: .info, message: text, format: format, fields: fields))
    }
}
