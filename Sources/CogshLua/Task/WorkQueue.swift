import AWSCore
import Dispatch
import Foundation
import Glibc
import LuaHost

/// The Lua thread's one way of waiting for asynchronous work (an AWS call, the
/// configuration, a sleep): the work runs as a Swift task on the transport's event
/// loop and leaves its outcome here; the Lua thread takes outcomes when it waits —
/// for one (a call outside any task) or for any (the task scheduler). The Lua state
/// is only ever touched by the Lua thread. The stop signals and the whole-run
/// `--timeout` wake a wait at once (StopAwareSemaphore); it also looks once a second.
final class WorkQueue: @unchecked Sendable {
    typealias Outcome = Result<any Sendable, AWSError>

    private let lock = NSLock()
    private var finished: [(id: Int, outcome: Outcome)] = []
    /// Work started and not finished: its outcome is wanted. Entered before the task
    /// starts, so an outcome is never dropped for arriving early.
    private var wanted: Set<Int> = []
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var lastId = 0
    private let arrived = StopAwareSemaphore()

    /// How long the Lua thread yields its core, polling, before it sleeps. A nearby
    /// endpoint answers within a millisecond, and waking a sleeping thread costs about
    /// as much again on a small VM: yielding instead took sequential calls against a
    /// loopback server from ~1,550 to ~1,900 a second on 2 cores (docs/BENCHMARKS.md).
    static let yieldWindowNanos: UInt64 = 1_000_000
    static let wakeInterval: Double = 1

    /// Work in flight or finished and not yet taken.
    var pending: Int { lock.withLock { wanted.count + finished.count } }

    /// Starts `work`; its outcome is taken later by its id.
    func start(_ work: @escaping @Sendable () async -> Outcome) -> Int {
        let id = lock.withLock { () -> Int in
            lastId += 1
            wanted.insert(lastId)
            return lastId
        }
        // Detached: the task must not inherit an actor the blocked thread might own.
        // On the transport's event loop: the request is sent and its response read
        // there, with no hop through the global pool between the two.
        let task = Task.detached(executorPreference: EventLoopTaskExecutor.shared) { [self] in
            let outcome = await work()
            lock.withLock {
                tasks[id] = nil
                if wanted.remove(id) != nil { finished.append((id, outcome)) }
            }
            arrived.signal()
        }
        lock.withLock {
            if wanted.contains(id) { tasks[id] = task }   // still running: keep it to cancel
        }
        return id
    }

    /// Runs `work` and waits for it: the blocking call of a script outside any task.
    /// `onTimeout` when --timeout expired first (the work is cancelled).
    func run<T: Sendable>(_ work: @escaping @Sendable () async -> Result<T, AWSError>, onTimeout: AWSError) -> Result<T, AWSError> {
        let id = start { await work().map { $0 as any Sendable } }
        guard let outcome = wait(for: id) else { return .failure(onTimeout) }
        return outcome.map { $0 as! T }
    }

    /// Blocks until work `id` has finished and takes its outcome; nil when --timeout
    /// stopped the run first (the work is cancelled).
    func wait(for id: Int) -> Outcome? {
        var spinning = true
        let start = DispatchTime.now().uptimeNanoseconds
        while true {
            if let outcome = take(id) { return outcome }
            if LuaStopReason.current == .timeout {
                cancel(id)
                return nil
            }
            if spinning, DispatchTime.now().uptimeNanoseconds - start < Self.yieldWindowNanos {
                sched_yield()
                continue
            }
            spinning = false
            arrived.wait(seconds: Self.wakeInterval)
        }
    }

    /// Blocks until some work has finished, `timeout` seconds have passed or a stop was
    /// requested meanwhile, and takes every outcome that is in.
    func takeFinished(waiting timeout: Double) -> [(id: Int, outcome: Outcome)] {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
        // A stop already recorded (a job winding down) does not cut the wait short again.
        // No spinning here: tasks wait for a round trip or a pacing slot, milliseconds
        // away, and yielding the core meanwhile would cost a millisecond of CPU per call.
        let stopBefore = LuaStopReason.current
        while true {
            let got = lock.withLock { () -> [(id: Int, outcome: Outcome)] in
                defer { finished.removeAll(keepingCapacity: true) }
                return finished
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if !got.isEmpty || now >= deadline || LuaStopReason.current != stopBefore { return got }
            let slice = min(Double(deadline - now) / 1e9, Self.wakeInterval)
            arrived.wait(seconds: slice)
        }
    }

    /// Forgets all work: what is in flight is cancelled and its outcome dropped.
    func forgetAll() {
        let all = lock.withLock { () -> [Task<Void, Never>] in
            defer { tasks.removeAll(); wanted.removeAll(); finished.removeAll() }
            return Array(tasks.values)
        }
        for t in all { t.cancel() }
    }

    private func take(_ id: Int) -> Outcome? {
        lock.withLock {
            guard let i = finished.firstIndex(where: { $0.id == id }) else { return nil }
            return finished.remove(at: i).outcome
        }
    }

    private func cancel(_ id: Int) {
        lock.withLock { () -> Task<Void, Never>? in
            wanted.remove(id)
            return tasks.removeValue(forKey: id)
        }?.cancel()
    }
}
