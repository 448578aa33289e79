import AWSCore
import Cognito
import Foundation
import LuaHost
import Snapshot

/// One `--apply` run as the Lua half drives it: the plan read and every call checked
/// by the model (an edited plan is refused with its line number), then the checks of
/// where it runs, then the applier; and the report at the end.
final class ApplyJob: @unchecked Sendable {
    let plan: Plan
    let prepared: [Int: PreparedCall]
    let force: Bool
    let client: LuaClient
    let started = DispatchTime.now().uptimeNanoseconds
    private let lock = NSLock()
    private var place: ApplyPlace?
    private(set) var applier: PlanApplier?

    init(path: String, force: Bool, client: LuaClient) throws {
        let plan: Plan
        do throws(AWSError) { plan = try PlanFileReader.read(path) } catch { throw CogshError(error) }
        var prepared: [Int: PreparedCall] = [:]
        for call in plan.calls {
            do throws(CognitoValidationError) {
                prepared[call.n] = try client.invoker.prepare(call.op, params: PlanParams.param(call.input))
            } catch {
                throw CogshError(.config, "plan \(path): line \(call.lineNumber) is not a valid \(call.op): \(error.message)")
            }
        }
        self.plan = plan
        self.prepared = prepared
        self.force = force
        self.client = client
    }

    var journalPath: String { PlanRecordSettings.journalPath(of: plan.path) }
    var undoPath: String { PlanRecordSettings.undoPath(of: plan.path) }

    /// The checks of where the run is, as work the Lua thread waits for.
    func check() -> Int {
        let plan = self.plan, invoker = client.invoker
        return client.queue.start { [self] in
            if plan.calls.isEmpty { return .success(CheckAnswer(note: nil, empty: true)) }
            switch await ApplyChecks.run(plan, invoker: invoker) {
            case .failure(let e): return .failure(e)
            case .success(let place):
                lock.withLock { self.place = place }
                return .success(CheckAnswer(note: place.note, empty: false))
            }
        }
    }

    /// Opens the journal (another run applying the plan: LockError, exit 75) and the undo
    /// file, and starts the calls; the id of the work the Lua thread waits for.
    func start() throws -> Int {
        guard let place = lock.withLock({ place }) else { throw CogshError(.config, "apply: the plan was not checked") }
        let journal = try PlanJournal.open(journalPath, plan: plan)
        let undo: UndoFile
        do throws(AWSError) {
            undo = try UndoFile(path: undoPath, plan: plan, identity: place.identity.arn, usernameAttributes: place.usernameAttributes,
                                isDone: journal.has)
        } catch {
            journal.close()
            throw CogshError(error)
        }
        let applier = PlanApplier(plan: plan, prepared: prepared, force: force, invoker: client.invoker, journal: journal, undo: undo)
        lock.withLock { self.applier = applier }
        return client.queue.start { await applier.run().map { true } }
    }

    /// done, skipped (sent before), failed (drifted or failed) for the progress line.
    func counts() -> (Int, Int, Int) {
        guard let c = lock.withLock({ applier })?.snapshot.counts else { return (0, 0, 0) }
        return (c.sent, c.before, c.drifted + c.failed)
    }
}

/// What the checks tell the Lua half: a note to show, or that there is nothing to do.
struct CheckAnswer: LuaPushable {
    var note: String?
    var empty: Bool

    func push(on s: LuaStack) {
        var t = LuaTable(fields: ["empty": .boolean(empty)])
        if let note { t.fields["note"] = .string(note) }
        s.push(.table(t))
    }
}
