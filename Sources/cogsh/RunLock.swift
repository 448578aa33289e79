#if canImport(Glibc)
import Glibc
#endif

/// `--lock FILE`: an exclusive, non-blocking flock held for the whole run, so a cron
/// job that is still running makes the next one exit at once instead of overlapping.
/// The kernel releases it when the process ends, however it ends.
enum RunLock {
    enum Outcome { case acquired, held, failed(String) }

    static func acquire(_ path: String) -> Outcome {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failed("cannot open lock file \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            close(fd)
            return e == EWOULDBLOCK ? .held : .failed("cannot lock \(path): \(String(cString: strerror(e)))")
        }
        // Record who holds it, for the person reading the file; the lock is the flock.
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return .acquired   // fd stays open until exit
    }
}
