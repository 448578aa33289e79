/// Builds the parameter paths that error messages name. Lists use 1-based indexes as Lua
/// does (`UserAttributes[2]`); map keys are always quoted in brackets (`ClientMetadata["k"]`)
/// because keys such as `custom:tier` or `a.b` would be ambiguous after a dot.
enum FieldPath {
    static func member(_ base: String, _ name: String) -> String {
        base.isEmpty ? name : base + "." + name
    }

    static func index(_ base: String, _ zeroBased: Int) -> String {
        base + "[\(zeroBased + 1)]"
    }

    static func key(_ base: String, _ key: String) -> String {
        base + "[" + quoted(key) + "]"
    }

    /// A Lua string literal for the key, escaping what would break it.
    static func quoted(_ s: String) -> String {
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
