import AWSCore
import Foundation
import Snapshot

/// An apply's journal (`PLAN.journal`, task.map's format): one line per call sent, by
/// its number, so a rerun sends none of them again. Bound to its plan by a first key
/// naming the plan's id; shared by the apply's workers, hence the lock.
final class PlanJournal: @unchecked Sendable {
    private let lock = NSLock()
    private let journal: Journal

    private init(_ journal: Journal) { self.journal = journal }

    static func open(_ path: String, plan: Plan) throws -> PlanJournal {
        let journal = try Journal.open(path)
        let mark = Array(("plan " + plan.header.id).utf8)
        if !journal.has(mark) {
            if plan.calls.contains(where: { journal.has(Array(String($0.n).utf8)) }) {
                journal.close()
                throw CogshError(.config, "the journal \(path) belongs to another plan: move it away to apply \(plan.path) from its start",
                                 fields: [("field", "journal")])
            }
            try journal.add(mark)
        }
        return PlanJournal(journal)
    }

    /// Calls journaled by this run (the journal's own set holds the earlier runs').
    private var added = Set<Int>()

    func has(_ n: Int) -> Bool { lock.withLock { added.contains(n) || journal.has(Array(String(n).utf8)) } }

    func add(_ n: Int) -> AWSError? {
        lock.withLock {
            added.insert(n)
            return write(String(n))
        }
    }

    // A delete or a create is the call that cannot simply be sent again (the second one
    // fails: UserNotFound, UsernameExists). Each of its attempts is marked before it is
    // sent (`sending N K`), and after it when the service refused it (`refused N K`): a
    // rerun then knows whether an attempt may have reached the service unjournaled.

    /// How many attempts earlier runs marked for call `n`.
    func attempts(_ n: Int) -> Int {
        lock.withLock {
            var k = 0
            while journal.has(Array("sending \(n) \(k + 1)".utf8)) { k += 1 }
            return k
        }
    }

    /// Whether an earlier run's attempt of call `n` may have reached the service: one
    /// was marked sent and not marked refused, and the call is not journaled done.
    func inDoubt(_ n: Int) -> Bool {
        let k = attempts(n)
        guard k > 0, !has(n) else { return false }
        return lock.withLock { (1...k).contains { !journal.has(Array("refused \(n) \($0)".utf8)) } }
    }

    func markSending(_ n: Int, attempt: Int) -> AWSError? { lock.withLock { write("sending \(n) \(attempt)") } }
    func markRefused(_ n: Int, attempt: Int) -> AWSError? { lock.withLock { write("refused \(n) \(attempt)") } }

    private func write(_ key: String) -> AWSError? {
        do { try journal.add(Array(key.utf8)); return nil } catch let e as CogshError { return .config(e.message) } catch {
            return .config("\(error)")
        }
    }

    func tick() { lock.withLock { journal.tick() } }
    func close() { lock.withLock { journal.close() } }
}
