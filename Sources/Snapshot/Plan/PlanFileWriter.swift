import AWSCore
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes a plan file: created private (0600 whatever the umask: it holds personal
/// data), each write one whole piece (a line, or a user's block of lines) in one
/// write(2), so a run killed at any instant leaves whole lines. An undo plan keeps its
/// end line after every block: the block and the new end line are written in one
/// pwrite(2) over the old end line, so the file is a complete plan at every instant.
public final class PlanFileWriter: Sendable {
    public let path: String
    private let state: Mutex<State>

    private struct State {
        var fd: Int32
        /// Where the next piece goes (the end line's start, when there is one).
        var offset: off_t
        var lines = 0
        var closed = false
    }

    /// Creates (or empties) the file at `path`.
    public init(creating path: String) throws(AWSError) {
        self.path = path
        let fd = Self.openPrivate(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error(path, "cannot create it: \(String(cString: strerror(errno)))") }
        guard fchmod(fd, 0o600) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw Self.error(path, "cannot make it private: \(String(cString: strerror(e)))")
        }
        state = Mutex(State(fd: fd, offset: 0))
    }

    /// Opens a complete plan at `path` (as `replace` leaves it) to add blocks before
    /// its end line.
    public init(continuing path: String, lines: Int) throws(AWSError) {
        self.path = path
        let fd = Self.openPrivate(path, flags: O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error(path, "cannot open it: \(String(cString: strerror(errno)))") }
        let size = lseek(fd, 0, SEEK_END)
        // The end line is the last one: find where it starts.
        var start = size
        var byte: UInt8 = 0
        while start > 0 {
            guard pread(fd, &byte, 1, start - 1) == 1 else { break }
            if byte == 0x0A && start != size { break }
            start -= 1
        }
        state = Mutex(State(fd: fd, offset: start, lines: lines))
    }

    deinit { close() }

    static func openPrivate(_ path: String, flags: Int32) -> Int32 { open(path, flags, 0o600) }

    static func error(_ path: String, _ message: String) -> AWSError { AWSError.config("plan \(path): \(message)") }

    /// Writes `lines` (each without its newline) in one write, after what is there.
    public func append(_ lines: [String]) throws(AWSError) {
        try write(lines, end: nil)
    }

    /// Writes `lines` and then `end` over the previous end line (if any), in one write.
    public func append(_ lines: [String], thenEnd end: String) throws(AWSError) {
        try write(lines, end: end)
    }

    /// Lines written so far (the end line not counted).
    public var lineCount: Int { state.withLock { $0.lines } }

    private func write(_ lines: [String], end: String?) throws(AWSError) {
        var bytes: [UInt8] = []
        for line in lines { bytes += Array(line.utf8); bytes.append(0x0A) }
        let tail: [UInt8] = end.map { Array($0.utf8) + [0x0A] } ?? []
        let path = self.path
        let result = state.withLock { (s: inout State) -> Result<Void, AWSError> in
            if s.closed { return .failure(Self.error(path, "it was closed")) }
            let all = bytes + tail
            let n = all.withUnsafeBytes { pwrite(s.fd, $0.baseAddress, $0.count, s.offset) }
            guard n == all.count else {
                return .failure(Self.error(path, "cannot write it: \(n < 0 ? String(cString: strerror(errno)) : "short write")"))
            }
            s.offset += off_t(bytes.count)   // an end line is written over next time
            s.lines += lines.count
            return .success(())
        }
        try result.get()
    }

    /// Pushes what was written to the disk.
    public func sync() {
        state.withLock { s in if !s.closed { _ = fdatasync(s.fd) } }
    }

    public func close() {
        state.withLock { s in
            guard !s.closed else { return }
            _ = fdatasync(s.fd)
            Glibc.close(s.fd)
            s.closed = true
        }
    }

    /// Writes a whole file in one go beside `path` and renames it over `path`, so a
    /// reader (or a crash) sees the old file or the new one, never a mix.
    public static func replace(_ path: String, lines: [String]) throws(AWSError) {
        let temporary = path + ".tmp"
        let writer = try PlanFileWriter(creating: temporary)
        try writer.append(lines)
        writer.close()
        guard rename(temporary, path) == 0 else {
            throw error(path, "cannot replace it: \(String(cString: strerror(errno)))")
        }
    }
}
