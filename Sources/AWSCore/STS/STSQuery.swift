/// The awsQuery request form STS speaks: `POST /` with the action, the API version and
/// the parameters form-encoded in the body (RFC 3986 percent-encoding, as the SDKs send).
enum STSQuery {
    static let version = "2011-06-15"
    static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// `Action=…&Version=…&Name=value…`, parameters in the order given.
    static func body(action: String, parameters: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        func add(_ name: String, _ value: String) {
            if !out.isEmpty { out.append(UInt8(ascii: "&")) }
            SigV4Encoding.uriEncode(name.utf8, keepSlash: false, into: &out)
            out.append(UInt8(ascii: "="))
            SigV4Encoding.uriEncode(value.utf8, keepSlash: false, into: &out)
        }
        add("Action", action)
        add("Version", version)
        for (name, value) in parameters { add(name, value) }
        return out
    }
}
