import CogshLua
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop, as lua.c's: `return <line>` is tried first (and a leading
/// `=` means the same), incomplete input continues at `>>` (a syntax error ending in
/// `<eof>`), errors print and the loop goes on, Ctrl-C interrupts the running chunk,
/// Ctrl-D ends the session with status 0.
struct REPL {
    let state: LuaState
    let terminal: Bool

    static let supportKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    func run() {
        Runtime.pushREPLSupport(in: state)
        state.stack.setRegistryValue(Self.supportKey)
        let reader = LineReader(terminal: terminal, completer: complete)
        while true {
            guard let chunk = readChunk(reader) else { break }
            guard let (text, status) = chunk else { continue }
            if LuaStopReason.current == .terminate || LuaStopReason.current == .timeout { break }
            state.clearStop()   // a Ctrl-C while typing must not stop the chunk about to run
            if status != .ok {
                let failure = state.takeFailure(status: status)
                printError(failure.message)
                continue
            }
            reader.remember(text)
            execute()
            if LuaStopReason.current != nil { break }   // SIGTERM or --timeout: the run ends
        }
        print("")   // as lua.c: the session ends on a line of its own
        state.clearStop()
    }

    /// nil at end of input; .some(nil) for an empty line; else the text and the
    /// status of loading it (the function or the error is on the stack).
    func readChunk(_ reader: LineReader) -> (String, LuaStatus)?? {
        guard let first = reader.read(prompt: prompt(first: true)) else { return nil }
        if first.allSatisfy({ $0 == " " || $0 == "\t" }) { return .some(nil) }
        let line = first.hasPrefix("=") ? "return " + first.dropFirst() : first
        if state.load("return " + line, name: "=stdin") == .ok { return (first, .ok) }
        state.stack.pop()
        var buffer = line
        while true {
            let status = state.load(buffer, name: "=stdin")
            guard status == .syntaxError, let message = state.stack.string(at: -1), message.hasSuffix("<eof>") else {
                // History keeps what was typed: "=x", not "return x".
                return (buffer == line ? first : buffer, status)
            }
            state.stack.pop()
            guard let more = reader.read(prompt: prompt(first: false)) else {
                // End of input inside a statement: report the incomplete chunk.
                return (buffer, state.load(buffer, name: "=stdin"))
            }
            buffer += "\n" + more
        }
    }

    /// `_PROMPT` and `_PROMPT2` as lua.c shows them (converted by tostring, so a number
    /// or a table with `__tostring` is a prompt), else "> " and ">> ". When converting
    /// fails, lua.c ends the session with the error and status 1; so does cogsh (with the
    /// status of an uncaught error: 1 for Lua's, 130 for a Ctrl-C), the way os.exit ends
    /// a run (the run's summary written, the state closed).
    func prompt(first: Bool) -> String {
        switch state.prompt(first: first) {
        case .success(let text):
            return text ?? (first ? "> " : ">> ")
        case .failure(let failure):
            printError(failure.message)
            let status = ExitStatus.forUncaught(failure)
            _ = state.evaluate("os.exit(\(status))", name: "=(prompt)")
            exit(status)   // only when a script replaced os.exit with one that returns
        }
    }

    func execute() {
        let base = state.stack.top - 1
        if let failure = state.call(arguments: 0, results: LuaStack.allResults) ?? Runtime.finishTasks(in: state) {
            state.stack.top = base
            printError(failure.message)
            Runtime.forgetTasks(in: state)   // the line failed: its tasks end with it
            if LuaStopReason.current == .interrupt { state.clearStop() }   // back to the prompt
            return
        }
        let n = state.stack.top - base
        guard n > 0 else { return }
        state.stack.pushRegistryValue(Self.supportKey)
        state.stack.getField("show", in: -1)
        state.stack.remove(at: -2)
        state.stack.insert(at: base + 1)
        if let failure = state.call(arguments: n, results: 0) {
            printError("error printing the result: \(failure.message)")
        }
    }

    func printError(_ message: String) {
        fflush(stdout)
        fputs("\(message)\n", stderr)
    }

    func complete(_ word: String) -> [String] {
        let s = state.stack
        let top = s.top
        defer { s.top = top }
        s.pushRegistryValue(Self.supportKey)
        guard s.type(at: -1) == .table else { return [] }
        s.getField("complete", in: -1)
        s.pushString(word)
        guard state.call(arguments: 1, results: 1) == nil, case .table(let t)? = try? s.value(at: -1) else { return [] }
        return t.sequence.compactMap { $0.text }
    }
}
