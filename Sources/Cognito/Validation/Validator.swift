import AWSCore

/// Checks a loosely typed input against the model and builds the awsJson body.
/// The first problem found stops the walk: one clear message beats a list of consequences.
///
/// What each model type accepts (see docs in CognitoService):
/// - string: a string (valid UTF-8); length counted in UTF-16 code units, as the Java service counts.
/// - integer/long: an integer, or a float with an integral value; `integer` must fit 32 bits.
/// - boolean: a boolean only. double/float: any finite number.
/// - timestamp: a number of seconds since the epoch, sent as a JSON number.
/// - blob: a string of raw bytes, sent base64-encoded; length counted in bytes.
/// - list: a table with only a sequence part (an empty table is an empty list).
/// - map: a table with only string keys; structure: a table with only known member names.
/// - document: anything JSON can hold.
/// null for an optional structure member means "leave it out".
struct Validator {
    let model: ServiceModel
    let operation: String
    let notation: ValueNotation

    func fail(_ field: String, _ what: String) -> CognitoValidationError {
        CognitoValidationError(field: field, message: field.isEmpty ? what : "\(field): \(what)", operation: operation)
    }

    func value(_ v: ParamValue, shape id: Int, path: String) throws(CognitoValidationError) -> JSONValue {
        let shape = model[shape: id]
        if case .unsupported(let type) = v {
            throw fail(path, "a \(notation.language) \(type) cannot be sent; expected \(Self.expected(shape))")
        }
        switch shape.kind {
        case .string:
            return .string(try string(v, shape: shape, path: path))
        case .integer, .long:
            return .int(try integer(v, shape: shape, path: path))
        case .boolean:
            guard case .bool(let b) = v else { throw mismatch(v, shape, path) }
            return .bool(b)
        case .double, .float:
            return .double(try number(v, shape: shape, path: path))
        case .timestamp:
            switch v {
            case .int(let i): return .int(i)
            case .double(let d) where d.isFinite: return .double(d)
            default: throw mismatch(v, shape, path)
            }
        case .blob:
            guard case .string(let bytes) = v else { throw mismatch(v, shape, path) }
            try checkLength(bytes.count, shape: shape, path: path, unit: "length")
            return .string(Base64.encode(bytes))
        case .list:
            return try list(v, shape: shape, path: path)
        case .map:
            return try map(v, shape: shape, path: path)
        case .structure:
            return try structure(v, shape: shape, path: path, isInput: false)
        case .document:
            return try document(v, path: path)
        }
    }

    /// The operation's whole input: a structure whose unknown members are "parameters".
    func input(_ v: ParamValue, shape id: Int) throws(CognitoValidationError) -> JSONValue {
        try structure(v, shape: model[shape: id], path: "", isInput: true)
    }

    // MARK: scalars

    func string(_ v: ParamValue, shape: Shape, path: String) throws(CognitoValidationError) -> String {
        guard case .string(let bytes) = v else { throw mismatch(v, shape, path) }
        let text = try utf8(bytes, path: path)
        try checkLength(text.utf16.count, shape: shape, path: path, unit: "length")
        if !shape.enumValues.isEmpty, !shape.enumValues.contains(text) {
            throw fail(path, "\(Self.quote(text)) is not one of \(shape.enumValues.joined(separator: ", "))"
                + Suggestion.phrase(for: text, among: shape.enumValues))
        }
        if let p = shape.pattern, !PatternCompiler.matches(text, pattern: p) {
            let shown = shape.sensitive ? "the value" : Self.quote(text)
            throw fail(path, "\(shown) does not match the pattern \(GeneratedPatterns.source(p))")
        }
        return text
    }

    func utf8(_ bytes: [UInt8], path: String) throws(CognitoValidationError) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        // Find the first bad byte so the message can point at it.
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput, .error: break loop
            }
        }
        throw fail(path, "invalid UTF-8 at byte \(offset + 1); strings must be UTF-8 text")
    }

    func integer(_ v: ParamValue, shape: Shape, path: String) throws(CognitoValidationError) -> Int64 {
        let n: Int64
        switch v {
        case .int(let i): n = i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: n = Int64(d)
        case .double(let d): throw fail(path, "expected an integer, got the float \(notation.float(d))")
        default: throw mismatch(v, shape, path)
        }
        if shape.kind == .integer, n < Int64(Int32.min) || n > Int64(Int32.max) {
            throw fail(path, "\(n) does not fit a 32-bit integer")
        }
        if let lo = shape.min, n < lo { throw fail(path, "\(n) is below the minimum \(lo)") }
        if let hi = shape.max, n > hi { throw fail(path, "\(n) exceeds the maximum \(hi)") }
        return n
    }

    func number(_ v: ParamValue, shape: Shape, path: String) throws(CognitoValidationError) -> Double {
        let d: Double
        switch v {
        case .int(let i): d = Double(i)
        case .double(let x): d = x
        default: throw mismatch(v, shape, path)
        }
        guard d.isFinite else { throw fail(path, "expected a finite number, got \(d)") }
        if let lo = shape.min, d < Double(lo) { throw fail(path, "\(d) is below the minimum \(lo)") }
        if let hi = shape.max, d > Double(hi) { throw fail(path, "\(d) exceeds the maximum \(hi)") }
        return d
    }

    func checkLength(_ n: Int, shape: Shape, path: String, unit: String) throws(CognitoValidationError) {
        if let lo = shape.min, n < lo { throw fail(path, "\(unit) \(n) is below the minimum \(lo)") }
        if let hi = shape.max, n > hi { throw fail(path, "\(unit) \(n) exceeds the maximum \(hi)") }
    }

    // MARK: messages

    func mismatch(_ v: ParamValue, _ shape: Shape, _ path: String) -> CognitoValidationError {
        fail(path, "expected \(Self.expected(shape)), got \(v.typeName(notation))")
    }

    static func expected(_ shape: Shape) -> String {
        switch shape.kind {
        case .string: return "a string"
        case .integer, .long: return "an integer"
        case .boolean: return "a boolean"
        case .double, .float: return "a number"
        case .timestamp: return "a number (seconds since the epoch)"
        case .blob: return "a string (bytes)"
        case .list: return "a list (a table with items at 1..n)"
        case .map: return "a table with string keys"
        case .structure: return "a table of named fields"
        case .document: return "a JSON value"
        }
    }

    /// Quotes a value for a message, cut short so a huge value cannot flood the terminal.
    static func quote(_ text: String) -> String {
        let cut = text.unicodeScalars.count > 60
            ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(57))) + "..."
            : text
        return FieldPath.quoted(cut)
    }
}
