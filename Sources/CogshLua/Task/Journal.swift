import AWSCore
import Foundation
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// A task.map journal: a text file, a header line, then one line per finished item's
/// key. Each line is written whole with one append (O_APPEND, one write), so a crash at
/// any instant leaves whole lines and at most a torn last one, which is ignored and cut
/// off when the journal is opened again. Lines reach the disk at least once a second
/// (fdatasync) and when the journal closes. An exclusive flock refuses a second run.
final class Journal {
    static let header = "# cogsh task.map journal v1\n"
    /// The code of the error raised for a journal another run holds (exit 75, as --lock).
    static let lockCode = "LockError"

    let path: String
    private var fd: Int32
    /// Keys finished by earlier runs.
    private var done: Set<[UInt8]>
    private var dirty = false
    private var lastSync = DispatchTime.now().uptimeNanoseconds

    private init(path: String, fd: Int32, done: Set<[UInt8]>) {
        self.path = path
        self.fd = fd
        self.done = done
    }

    deinit { close() }

    /// Opens (or creates) the journal, takes its lock, reads the finished keys.
    static func open(_ path: String) throws -> Journal {
        // Private whatever the umask: a journal lists usernames, often e-mail addresses.
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw configError("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        _ = fchmod(fd, 0o600)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            Glibc.close(fd)
            if e == EWOULDBLOCK {
                throw CogshError(kind: .lock, code: lockCode, message: "the journal \(path) is in use by another run", fields: [("field", "journal")])
            }
            throw configError("cannot lock the journal \(path): \(String(cString: strerror(e)))")
        }
        do {
            let done = try readKeys(fd: fd, path: path)
            return Journal(path: path, fd: fd, done: done)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    static func configError(_ message: String) -> CogshError {
        CogshError(.config, message, fields: [("field", "journal")])
    }

    /// Reads every whole line; a torn last line (no newline) is cut off so the next
    /// append starts a line of its own. A new file gets the header.
    private static func readKeys(fd: Int32, path: String) throws -> Set<[UInt8]> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        lseek(fd, 0, SEEK_SET)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 { throw configError("cannot read the journal \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        guard try isBegun(bytes, path: path) else {
            guard ftruncate(fd, 0) == 0 else { throw configError("cannot write the journal \(path): \(String(cString: strerror(errno)))") }
            try append(Array(header.utf8), fd: fd, path: path)
            return []
        }
        if bytes.last != 0x0A, let lastNewline = bytes.lastIndex(of: 0x0A) {
            guard ftruncate(fd, off_t(lastNewline + 1)) == 0 else {
                throw configError("cannot repair the torn last line of the journal \(path): \(String(cString: strerror(errno)))")
            }
            bytes.removeSubrange((lastNewline + 1)...)
        }
        return keys(of: bytes)
    }

    /// Whether `bytes` hold a journal's header: false for a new file, or one whose header
    /// was torn by a crash at creation; an error for a file that is no journal.
    private static func isBegun(_ bytes: [UInt8], path: String) throws -> Bool {
        if bytes.isEmpty || (bytes.count < header.utf8.count && header.utf8.starts(with: bytes)) { return false }
        guard bytes.starts(with: header.utf8) else {
            throw configError("\(path) is not a cogsh journal (its first line is not \"\(header.dropLast())\"); give task.map another journal path")
        }
        return true
    }

    /// The keys of a journal's whole lines (after its header); a torn last line is left out.
    private static func keys(of bytes: [UInt8]) -> Set<[UInt8]> {
        var keys = Set<[UInt8]>()
        for line in bytes[header.utf8.count...].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            keys.insert(unescape(Array(line)))
        }
        return keys
    }

    /// The keys of a journal read without writing to it or taking its lock — a dry run's
    /// look at what an earlier run did; nil when there is no journal.
    static func peek(_ path: String) throws -> Set<[UInt8]>? {
        guard access(path, F_OK) == 0 else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw configError("cannot read the journal \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = [UInt8](data)
        return try isBegun(bytes, path: path) ? keys(of: bytes) : []
    }

    func has(_ key: [UInt8]) -> Bool { done.contains(key) }

    /// Records a finished key: one line, one write.
    func add(_ key: [UInt8]) throws {
        try Self.append(Self.escape(key) + [0x0A], fd: fd, path: path)
        dirty = true
        tick()
    }

    /// Syncs when lines have waited a second or more.
    func tick() {
        guard dirty, DispatchTime.now().uptimeNanoseconds - lastSync >= 1_000_000_000 else { return }
        sync()
    }

    func close() {
        guard fd >= 0 else { return }
        sync()
        Glibc.close(fd)
        fd = -1
    }

    private func sync() {
        guard fd >= 0 else { return }
        fdatasync(fd)
        dirty = false
        lastSync = DispatchTime.now().uptimeNanoseconds
    }

    private static func append(_ line: [UInt8], fd: Int32, path: String) throws {
        let n = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n != line.count {
            throw configError("cannot write to the journal \(path): \(n < 0 ? String(cString: strerror(errno)) : "short write")")
        }
    }

    /// Keys are bytes; a newline or backslash in one is written as \n or \\ (and \r as \r).
    static func escape(_ key: [UInt8]) -> [UInt8] {
        guard key.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) else { return key }
        var out: [UInt8] = []
        for b in key {
            switch b {
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x5C: out += [0x5C, 0x5C]
            default: out.append(b)
            }
        }
        return out
    }

    static func unescape(_ line: [UInt8]) -> [UInt8] {
        guard line.contains(0x5C) else { return line }
        var out: [UInt8] = []
        var i = 0
        while i < line.count {
            if line[i] == 0x5C, i + 1 < line.count {
                switch line[i + 1] {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                default: out.append(line[i + 1])
                }
                i += 2
            } else {
                out.append(line[i])
                i += 1
            }
        }
        return out
    }

    /// journal_peek(path) → { has = f(key) }, or nil when there is no journal: for the Lua half.
    static func pushPeek(_ s: LuaStack) throws -> Int32 {
        guard let path = s.string(at: 1) else { throw configError("the journal path must be a string") }
        guard let keys = try peek(path) else {
            s.pushNil()
            return 1
        }
        s.newTable(fields: 1)
        s.pushFunction { s in s.pushBool(keys.contains(s.bytes(at: 1) ?? [])); return 1 }
        s.setField("has", in: -2)
        return 1
    }

    /// journal(path) → { has = f(key), add = f(key), tick = f(), close = f() } for the Lua half.
    static func push(_ s: LuaStack) throws -> Int32 {
        guard let path = s.string(at: 1) else { throw configError("the journal path must be a string") }
        let journal = try open(path)
        s.newTable(fields: 4)
        s.pushFunction { s in s.pushBool(journal.has(s.bytes(at: 1) ?? [])); return 1 }
        s.setField("has", in: -2)
        s.pushFunction { s in try journal.add(s.bytes(at: 1) ?? []); return 0 }
        s.setField("add", in: -2)
        s.pushFunction { _ in journal.tick(); return 0 }
        s.setField("tick", in: -2)
        s.pushFunction { _ in journal.close(); return 0 }
        s.setField("close", in: -2)
        return 1
    }
}
