import Foundation

/// A value guarded by a lock, for the few pieces of process-wide mutable state
/// (signing-key cache, retry quota) that are touched from any thread without awaiting.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
