import AWSCore
import Dispatch
import Logging
import Snapshot

/// What an apply says when it ends, on stderr: one summary line (a JSON object with the
/// counts under --log-format json), then a line per user skipped for drift and per
/// failed call. Field names only: the values are personal data, and the plan and
/// `--plan-show` hold them. The exit status: 0 when every call was sent and no user
/// drifted, 1 otherwise.
enum ApplyReport {
    static let listed = 1000

    static func write(_ job: ApplyJob) -> Int32 {
        guard let applier = job.applier else { return 0 }
        let r = applier.snapshot
        let c = r.counts
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - job.started) / 1e9
        let throttles = CallStatistics.shared.throttles
        var text = "apply \(job.plan.path): \(count(c.sent, "call")) sent"
        if c.before > 0 { text += ", \(grouped(c.before)) sent by an earlier run" }
        text += ", \(count(r.drifts.count, "user")) skipped for drift (\(count(c.drifted, "call"))), \(count(c.failed, "call")) not sent "
            + "after \(count(r.failures.count, "failure")) in \(ProgressReport.duration(seconds)) "
            + "(\(ProgressReport.rate(Double(c.sent) / max(seconds, 1e-9)))/s), throttled \(throttles); undo: \(job.undoPath)"
        let bad = !r.drifts.isEmpty || !r.failures.isEmpty
        StderrLines.write(text, level: bad ? .warning : .info, message: text, fields: [
            "final": .bool(true), "plan": .string(job.plan.path), "sent": .int(Int64(c.sent)), "sent_before": .int(Int64(c.before)),
            "drifted_users": .int(Int64(r.drifts.count)), "drifted_calls": .int(Int64(c.drifted)), "failed_calls": .int(Int64(c.failed)),
            "failures": .int(Int64(r.failures.count)), "throttled": .int(Int64(throttles)), "undo": .string(job.undoPath),
        ])
        for d in r.drifts.sorted(by: { $0.user < $1.user }).prefix(listed) {
            let fields = d.fields.joined(separator: ", ")
            let line = "drift: \(d.user): \(fields) changed since the plan; its calls were not sent (--force sends them anyway)"
            StderrLines.write(line, level: .warning, message: line, fields: ["drift": .string(d.user), "changed": .array(d.fields.map { .string($0) })])
        }
        for f in r.failures.sorted(by: { $0.n < $1.n }).prefix(listed) {
            let line = "failed: \(f.label): \(f.op) (call \(f.n)): \(f.message)"
            StderrLines.write(line, level: .error, message: line, fields: ["failed": .string(f.label), "n": .int(Int64(f.n)), "operation": .string(f.op)])
        }
        if r.drifts.count + r.failures.count > listed {
            StderrLines.write("(only the first \(listed) of each are listed)", level: .warning, message: "list cut")
        }
        if let problem = r.undoProblem {
            let line = "the undo \(job.undoPath) could not be written: \(problem)"
            StderrLines.write(line, level: .error, message: line)
        }
        let irreversible = job.plan.calls.filter { !PlanOperations.isUndoable($0) && applier.journal.has($0.n) }.count
        if irreversible > 0 {
            let line = "not in the undo: \(count(irreversible, "call")) that cannot be undone (see cogsh --plan-show \(job.plan.path))"
            StderrLines.write(line, level: .warning, message: line)
        }
        return bad || r.undoProblem != nil ? 1 : 0
    }

    static func grouped(_ n: Int) -> String { ProgressReport.grouped(n) }
    static func count(_ n: Int, _ noun: String) -> String { grouped(n) + " " + noun + (n == 1 ? "" : "s") }
}
