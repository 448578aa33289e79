import CEditLine
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// Reads the REPL's lines: libedit with history and Tab completion on a terminal,
/// plain stdin (no prompt, no colour) otherwise.
final class LineReader {
    let terminal: Bool
    let historyPath: String?

    init(terminal: Bool, completer: @escaping (String) -> [String]) {
        self.terminal = terminal
        historyPath = terminal ? Self.defaultHistoryPath() : nil
        guard terminal else { return }
        Completion.provider = completer
        rl_readline_name = UnsafePointer(strdup("cogsh"))
        // Keep '.' and ':' inside words so "string.fo" completes as one word.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(,+-*/%^~#[]"))
        rl_attempted_completion_function = Completion.attempt
        rl_getc_function = PromptInput.getc
        using_history()
        stifle_history(1000)
        if let path = historyPath { _ = read_history(path) }
    }

    /// The next line without its newline; nil at end of input (Ctrl-D) or SIGTERM.
    /// Ctrl-C at the prompt clears the line and gives an empty one. Signals meanwhile
    /// only record their reason: nothing runs.
    func read(prompt: String) -> String? {
        LuaState.setIdle(true)
        defer { LuaState.setIdle(false) }
        if terminal {
            guard let raw = readline(prompt) else { return nil }
            defer { free(raw) }
            return String(cString: raw)
        }
        // Not a terminal (cogsh -i < file): the prompt, then the line read, echoed as
        // lua.c's readline does, so a transcript reads as a session.
        fputs(prompt, stdout)
        fflush(stdout)
        guard let line = readPlainLine() else { return nil }
        fputs(line + "\n", stdout)
        fflush(stdout)
        return line
    }

    private func readPlainLine() -> String? {
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        let n = getline(&line, &capacity, stdin)
        guard n >= 0, let line else { return nil }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Adds a chunk that compiled to the history and saves the file.
    func remember(_ chunk: String) {
        guard terminal, !chunk.isEmpty else { return }
        add_history(chunk)
        if let path = historyPath {
            Self.makeParent(of: path)
            _ = write_history(path)
        }
    }

    static func defaultHistoryPath() -> String? {
        if let xdg = ProcessEnvironment.get("XDG_STATE_HOME"), xdg.hasPrefix("/") { return xdg + "/cogsh/history" }
        guard let home = ProcessEnvironment.get("HOME") else { return nil }
        return home + "/.local/state/cogsh/history"
    }

    static func makeParent(of path: String) {
        var dir = ""
        for part in path.split(separator: "/").dropLast() {
            dir += "/" + part
            mkdir(dir, 0o700)
        }
    }
}

/// Tab completion through libedit's readline interface, which wants C functions.
enum Completion {
    nonisolated(unsafe) static var provider: ((String) -> [String])?
    nonisolated(unsafe) static var candidates: [String] = []

    static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        rl_attempted_completion_over = 1   // never fall back to file names
        let word = text.map { String(cString: $0) } ?? ""
        candidates = provider?(word) ?? []
        guard !candidates.isEmpty else { return nil }
        return rl_completion_matches(text, Completion.generate)
    }

    nonisolated(unsafe) static var next = 0

    /// libedit passes an increasing index, GNU readline 0 then non-zero: count here.
    static let generate: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { next = 0 }
        guard next < candidates.count else { return nil }
        defer { next += 1 }
        return strdup(candidates[next])
    }
}

/// libedit reads keys through this function, so that a Ctrl-C at the prompt (SIGINT,
/// whose handler interrupts the wait) clears the line instead of ending the REPL.
enum PromptInput {
    nonisolated(unsafe) static var pending: [Int32] = []

    /// The terminal opened a second time, non-blocking. A Ctrl-C can land after poll
    /// said a key was there and before it is read: the terminal then discards the
    /// typed-ahead keys, and a blocking read would wait for a key that never comes.
    /// A descriptor of our own, so the shell's stdin stays blocking.
    static let keys: Int32 = {
        let fd = open("/proc/self/fd/0", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        return fd >= 0 ? fd : 0
    }()

    static let getc: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { _ in
        if !pending.isEmpty { return pending.removeFirst() }
        var byte: UInt8 = 0
        while true {
            switch LuaStopReason.current {
            case .interrupt?:
                LuaState.forgetStop()
                pending = [0x0A]     // then Enter: readline returns the emptied line
                return 0x15          // Ctrl-U: kill the whole line
            case .terminate?, .timeout?:
                return EOF
            case nil:
                break
            }
            var fds = pollfd(fd: keys, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 100)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 { return EOF }
            let n = read(keys, &byte, 1)
            if n == 1 { return Int32(byte) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            return EOF
        }
    }
}
