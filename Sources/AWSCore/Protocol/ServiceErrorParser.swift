import Foundation

/// Reads the error out of a failed response, whatever shape it came in: awsJson
/// (`__type`, `message`), the `x-amzn-ErrorType` header, an XML `<Error><Code>` body from
/// a gateway or auth layer in front, or an HTML page. Never fails: the status is the last resort.
enum ServiceErrorParser {
    struct Parsed: Equatable {
        var code: String
        var message: String
    }

    static func parse(status: Int, headers: [HTTPHeaderField], body: [UInt8]) -> Parsed {
        let headerType = headers.first { $0.name.lowercased() == "x-amzn-errortype" }?.value
        var code: String?
        var message: String?

        if let json = try? JSONCodec.decode(body), case .object(let o) = json {
            code = (o["__type"]?.stringValue ?? o["code"]?.stringValue ?? o["Code"]?.stringValue).map(cleanCode)
            message = o["message"]?.stringValue ?? o["Message"]?.stringValue ?? o["errorMessage"]?.stringValue
        } else if let xml = XMLTree.parse(body), let c = xml.name == "Code" ? xml : xml.first("Code") {
            code = cleanCode(c.text)
            message = xml.first("Message")?.text
        } else if let text = String(validating: body, as: UTF8.self), text.contains("<"),
                  let title = htmlElement("title", in: text) ?? htmlElement("h1", in: text) {
            // An HTML page (a proxy, a load balancer) is seldom well-formed XML: its title says what happened.
            message = title
        }
        if code == nil || code!.isEmpty, let h = headerType { code = cleanCode(h) }
        if code == nil || code!.isEmpty { code = statusCode(status) }
        let fallback = "the service answered HTTP \(status) without an error message"
        return Parsed(code: code!, message: (message?.isEmpty ?? true) ? fallback : message!)
    }

    /// `aws.protocoltests#FooException:http://internal` → `FooException`.
    static func cleanCode(_ raw: String) -> String {
        var s = Substring(raw)
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        return s.trimmingSpaces
    }

    /// A code for a response that names none, from its status.
    static func statusCode(_ status: Int) -> String {
        switch status {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 413: return "RequestEntityTooLarge"
        case 429: return "TooManyRequests"
        case 500: return "InternalServerError"
        case 502: return "BadGateway"
        case 503: return "ServiceUnavailable"
        case 504: return "GatewayTimeout"
        default: return "HTTP\(status)"
        }
    }

    /// Text of the first `<name>…</name>` of an HTML page, entities decoded: a page's
    /// title, not a general reader (XML bodies go through XMLTree).
    static func htmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>", options: .caseInsensitive),
              let close = text.range(of: "</\(name)>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        else { return nil }
        let raw = String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        return raw.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
