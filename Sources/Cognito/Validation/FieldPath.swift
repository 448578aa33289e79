/// The one way parameter paths are written, for validation errors and for anything
/// else that names a place inside a value (the `field` of DESIGN.md's error object).
/// Lists use 1-based indexes (`UserAttributes[2]`); map keys are always quoted in
/// brackets (`ClientMetadata["k"]`) because keys such as `custom:tier` or `a.b` would
/// be ambiguous after a dot.
public enum FieldPath {
    /// `base.name`; a name that is not an identifier (an unknown parameter such as
    /// "" or "user name") is written as a key instead, so the path still shows it.
    public static func member(_ base: String, _ name: String) -> String {
        guard isIdentifier(name) else { return key(base, name) }
        return base.isEmpty ? name : base + "." + name
    }

    static func isIdentifier(_ s: String) -> Bool {
        func letter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a || c == 0x5f }
        guard let first = s.utf8.first, letter(first) else { return false }
        return s.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    static func index(_ base: String, _ zeroBased: Int) -> String {
        base + "[\(zeroBased + 1)]"
    }

    /// `base[k]` with the key written as it is (an integer, `true`, a type name).
    public static func bracket(_ base: String, _ text: String) -> String {
        base + "[" + text + "]"
    }

    public static func key(_ base: String, _ key: String) -> String {
        base + "[" + quoted(key) + "]"
    }

    /// A quoted string literal for the key, escaping what would break it.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\\(scalar.value)"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
