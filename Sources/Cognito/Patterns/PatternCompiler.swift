import Synchronization

/// A model pattern ready to match, or the reason it could not be compiled.
/// Regex is not marked Sendable, but a built Regex is immutable and safe to share.
enum CompiledPattern: @unchecked Sendable {
    case regex(Regex<AnyRegexOutput>)
    case unsupported(String)
}

/// Compiles the model's patterns (written for the service's Java engine) so that Swift matches
/// what Java's `String.matches` would: the whole string, code point by code point, with
/// `\w`, `\s`, `\d` ASCII-only as in Java's defaults, and `\p{..}` classes Unicode-wide.
enum PatternCompiler {
    /// Patterns Swift's engine cannot compile (it has no lookbehind), each with an
    /// equivalent it can. A model test fails if a new pattern fails to compile.
    static let equivalents: [String: String] = [
        // Dot-separated name that does not end with a dot.
        #"^[0-9A-Za-z\.\-_]*(?<!\.)$"#: #"^(?:[0-9A-Za-z\.\-_]*[0-9A-Za-z\-_])?$"#,
    ]

    static func compile(_ source: String) -> CompiledPattern {
        let usable = equivalents[source] ?? source
        do {
            let regex = try Regex(#"\A(?:"# + usable + #")\z"#)
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyWordCharacters()
                .asciiOnlyWhitespace()
                .asciiOnlyDigits()
            return .regex(regex)
        } catch {
            return .unsupported("\(error)")
        }
    }

    /// Whole-string match. An uncompilable pattern matches everything: the service still
    /// checks, and refusing valid input locally would be worse than letting it through.
    static func matches(_ text: String, pattern id: Int) -> Bool {
        if recentMatches.contains(text, pattern: id) { return true }
        switch GeneratedPatterns.regex(id) {
        case .regex(let r):
            guard (try? r.wholeMatch(in: text)) != nil else { return false }
            recentMatches.remember(text, pattern: id)
            return true
        case .unsupported: return true
        }
    }

    static let recentMatches = RecentMatches()
}

/// The last value each pattern matched. A bulk job sends the same user pool ID and
/// attribute names with every call, and a match by Swift's regex engine costs tens of
/// microseconds — a few percent of a paced job's CPU — where this costs a comparison.
/// Compared byte for byte: Swift's `==` equates canonically equivalent strings, which
/// the patterns (matched scalar by scalar) may tell apart.
final class RecentMatches: Sendable {
    private let last = Mutex<[String?]>(Array(repeating: nil, count: GeneratedPatterns.count))

    func contains(_ text: String, pattern id: Int) -> Bool {
        last.withLock { $0.indices.contains(id) && $0[id].map { $0.utf8.elementsEqual(text.utf8) } == true }
    }

    func remember(_ text: String, pattern id: Int) {
        last.withLock { if $0.indices.contains(id) { $0[id] = text } }
    }
}
