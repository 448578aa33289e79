import AWSCore
import Dispatch
import Glibc
import LuaHost
import Synchronization

/// The one blocking wait at the Lua boundary: the Lua thread waits here while the
/// asynchronous AWS work runs on its own tasks. The wait wakes every 50 ms to honour
/// the whole-run `--timeout`; SIGINT and SIGTERM let the request finish (or time
/// out) and are raised by the stop hook at the next Lua instruction.
enum BoundaryWait {
    final class Slot<T>: @unchecked Sendable {
        var value: T?
        let done = DispatchSemaphore(value: 0)
        let finished = Atomic<Bool>(false)
    }

    /// How long the Lua thread yields its core, polling, before it sleeps. A nearby
    /// endpoint answers within a millisecond, and waking a sleeping thread costs about
    /// as much again on a small VM: yielding instead took sequential calls against a
    /// loopback server from ~1,550 to ~1,900 a second on 2 cores (docs/BENCHMARKS.md).
    static let yieldWindowNanos: UInt64 = 1_000_000

    /// The work's result, or `onTimeout` when --timeout expired first (the work is cancelled).
    static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T, onTimeout: @autoclosure () -> T) -> T {
        let slot = Slot<T>()
        // Detached: the task must not inherit an actor the blocked thread might own.
        // On the transport's event loop: the request is sent and its response read
        // there, with no hop through the global pool between the two.
        let task = Task.detached(executorPreference: EventLoopTaskExecutor.shared) {
            let value = await work()
            slot.value = value
            slot.finished.store(true, ordering: .releasing)
            slot.done.signal()
        }
        let start = DispatchTime.now().uptimeNanoseconds
        while !slot.finished.load(ordering: .acquiring), DispatchTime.now().uptimeNanoseconds - start < yieldWindowNanos {
            sched_yield()
        }
        while slot.done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if LuaStopReason.current == .timeout {
                task.cancel()
                return onTimeout()
            }
        }
        return slot.value!
    }
}
