import Dispatch

/// Runs async work from a plain (non-async) thread and waits for it — the one blocking
/// wait, at the Lua boundary. The work runs in a detached task, so it never inherits the
/// caller's actor: a blocked main thread cannot deadlock it.
public enum BlockingBridge {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = LockedBox<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await work()
            box.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}
