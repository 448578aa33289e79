import Foundation

/// Masks what must never reach a log: the signature in `Authorization`, the session token,
/// JSON members that hold secrets (passwords, tokens, secret keys), and — as a last guard —
/// any literal occurrence of the known secret strings.
public struct Redactor: Sendable {
    public static let mask = "****"
    /// Body members whose names contain one of these (case-insensitive) are masked.
    static let sensitiveKeyFragments = ["password", "secret", "token", "credential"]
    /// Pagination cursors match "token" but are not secrets, and help when debugging loops.
    static let harmlessKeys: Set<String> = ["nexttoken", "paginationtoken"]
    static let sensitiveHeaders: Set<String> = ["x-amz-security-token", "x-aws-ec2-metadata-token", "proxy-authorization", "cookie", "set-cookie"]

    /// Exact strings to scrub wherever they appear (secret key, session token, signature).
    public var secrets: [String]

    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    public func header(_ field: HTTPHeaderField) -> HTTPHeaderField {
        let lname = field.name.lowercased()
        if lname == "authorization" { return (field.name, Self.maskAuthorization(field.value)) }
        if Self.sensitiveHeaders.contains(lname) { return (field.name, Self.mask) }
        return (field.name, scrub(field.value))
    }

    /// Keeps the parts of `Authorization` that help debugging (key id, scope, signed
    /// headers) and masks the signature; anything else is masked whole.
    static func maskAuthorization(_ value: String) -> String {
        guard value.hasPrefix("AWS4-HMAC-SHA256 "), let sig = value.range(of: "Signature=") else { return mask }
        return String(value[..<sig.upperBound]) + mask
    }

    public func body(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "" }
        if let decoded = try? JSONCodec.decode(bytes) { return json(decoded) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return "<\(bytes.count) bytes, not UTF-8>" }
        return scrub(text)
    }

    /// A JSON body with secret-named members masked, as one line.
    public func json(_ value: JSONValue) -> String {
        guard let out = try? JSONCodec.encode(Self.maskJSON(value), pretty: false) else { return "<unencodable JSON>" }
        return scrub(String(decoding: out, as: UTF8.self))
    }

    static func maskJSON(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, value) in o {
                let lk = k.lowercased()
                let sensitive = !harmlessKeys.contains(lk) && sensitiveKeyFragments.contains(where: { lk.contains($0) })
                out[k] = sensitive && !isStructural(value)
                    ? .string(mask) : maskJSON(value)
            }
            return .object(out)
        case .array(let a): return .array(a.map(maskJSON))
        default: return v
        }
    }

    /// `{"NextToken": …}` is harmless but `{"AuthenticationResult": {...}}` holds tokens
    /// deeper down: containers are searched, only leaves are masked.
    private static func isStructural(_ v: JSONValue) -> Bool {
        switch v {
        case .object, .array: return true
        default: return false
        }
    }

    public func scrub(_ text: String) -> String {
        var t = text
        for s in secrets where t.contains(s) { t = t.replacingOccurrences(of: s, with: Self.mask) }
        return t
    }
}
