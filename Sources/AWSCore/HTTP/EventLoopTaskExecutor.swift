import NIOCore
import NIOPosix

/// Runs Swift tasks on one of the transport's event loops. A caller that starts its
/// AWS work with this executor preference (`Task(executorPreference:)`) gets the
/// response on the loop that read it and continues there, instead of waking a
/// thread of the global concurrency pool at every await: two thread switches per
/// request (caller → loop → caller) instead of four.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// One loop of the group every HTTPClient of the transport uses. One loop, so
    /// its pooled keep-alive connection is the one every request finds.
    public static let shared = EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next())

    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Waits `seconds` on the loop's own timer. `Task.sleep` goes through Dispatch's
    /// timer thread and a worker thread before hopping back to the loop: in a bulk job,
    /// where every call waits for its pacing slot, that was a fifth of the process's CPU.
    /// Cancelling the task ends the wait at once, as it does `Task.sleep`'s.
    public func sleep(seconds: Double) async {
        guard seconds > 0 else { return }
        let scheduled = loop.scheduleTask(in: .nanoseconds(Int64(min(seconds, 1e9) * 1e9))) {}
        await withTaskCancellationHandler {
            _ = try? await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}
