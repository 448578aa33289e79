import AWSCore
import Foundation
import Snapshot

/// An apply's journal (`PLAN.journal`, task.map's format): one line per call sent, by
/// its number, so a rerun sends none of them again. Bound to its plan by a first key
/// naming the plan's id; shared by the apply's workers, hence the lock.
final class PlanJournal: @unchecked Sendable {
    private let lock = NSLock()
    private let journal: Journal

    /// Whether an earlier run of this plan began (its mark was there): only then can a
    /// call have reached the service without its journal line.
    let resumed: Bool

    private init(_ journal: Journal, resumed: Bool) {
        self.journal = journal
        self.resumed = resumed
    }

    static func open(_ path: String, plan: Plan) throws -> PlanJournal {
        let journal = try Journal.open(path)
        let mark = Array(("plan " + plan.header.id).utf8)
        let resumed = journal.has(mark)
        if !resumed {
            if plan.calls.contains(where: { journal.has(Array(String($0.n).utf8)) }) {
                journal.close()
                throw CogshError(.config, "the journal \(path) belongs to another plan: move it away to apply \(plan.path) from its start",
                                 fields: [("field", "journal")])
            }
            try journal.add(mark)
        }
        return PlanJournal(journal, resumed: resumed)
    }

    /// Calls journaled by this run (the journal's own set holds the earlier runs').
    private var added = Set<Int>()

    func has(_ n: Int) -> Bool { lock.withLock { added.contains(n) || journal.has(Array(String(n).utf8)) } }

    func add(_ n: Int) -> AWSError? {
        lock.withLock {
            added.insert(n)
            do { try journal.add(Array(String(n).utf8)); return nil } catch let e as CogshError { return .config(e.message) } catch {
                return .config("\(error)")
            }
        }
    }

    func tick() { lock.withLock { journal.tick() } }
    func close() { lock.withLock { journal.close() } }
}
