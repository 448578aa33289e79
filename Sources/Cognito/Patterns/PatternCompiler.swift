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
        switch GeneratedPatterns.regex(id) {
        case .regex(let r): return (try? r.wholeMatch(in: text)) != nil
        case .unsupported: return true
        }
    }
}
