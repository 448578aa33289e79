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
            do { try journal.add(Array(String(n).utf8)); return nil } catch let e as CogshError { return .config(e.message) } catch {
                return .config("\(error)")
            }
        }
    }

    /// A user is marked begun (by its first call's number) before that call is sent, when
    /// its calls delete or create it: a rerun then knows the service may have done one of
    /// them without its journal line. Earlier runs' marks only.
    func begun(_ first: Int) -> Bool { lock.withLock { journal.has(Array("begun \(first)".utf8)) } }

    func begin(_ first: Int) -> AWSError? {
        lock.withLock {
            do { try journal.add(Array("begun \(first)".utf8)); return nil } catch let e as CogshError { return .config(e.message) } catch {
                return .config("\(error)")
            }
        }
    }

    func tick() { lock.withLock { journal.tick() } }
    func close() { lock.withLock { journal.close() } }
}
