import CLuaShim
#if canImport(Glibc)
import Glibc
#endif

/// A counting semaphore that a stop (SIGINT, SIGTERM, --timeout) also signals: the Lua
/// thread asleep on it waiting for answers notices the stop at once, instead of waking
/// every few milliseconds to look — in a slow bulk job those idle wake-ups cost as much
/// CPU as the calls. The newest one made is the one stops signal (one Lua thread waits
/// at a time); waits still end after their timeout, so an older one is merely slower.
public final class StopAwareSemaphore: @unchecked Sendable {
    private let sem: UnsafeMutablePointer<sem_t>

    public init() {
        sem = .allocate(capacity: 1)
        sem_init(sem, 0, 0)
        cogsh_set_stop_wakeup(sem)
    }

    deinit {
        cogsh_clear_stop_wakeup(sem)
        sem_destroy(sem)
        sem.deallocate()
    }

    public func signal() { sem_post(sem) }

    /// Waits until signalled (by `signal` or a stop) or until `seconds` have passed on
    /// the monotonic clock; true when signalled.
    @discardableResult
    public func wait(seconds: Double) -> Bool { cogsh_sem_wait(sem, seconds) == 0 }
}
