/// JSON text <-> `JSONValue`, written for awsJson bodies and the Lua `json` module:
/// integers stay integers, keys come out sorted, and bad input says where it went wrong.
public enum JSONCodec {
    public struct EncodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        /// Byte offset (0-based) in the input where decoding failed.
        public let offset: Int
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// Compact by default; `pretty` indents by two spaces. Keys are sorted by code point.
    public static func encode(_ value: JSONValue, pretty: Bool = false) throws -> [UInt8] {
        var out: [UInt8] = []
        try JSONWriter(pretty: pretty).write(value, depth: 0, into: &out)
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        return try parser.parseDocument()
    }

    public static func decode(_ text: String) throws -> JSONValue {
        try decode(Array(text.utf8))
    }
}

private struct JSONWriter {
    let pretty: Bool

    func write(_ value: JSONValue, depth: Int, into out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            guard d.isFinite else {
                throw JSONCodec.EncodeError(message: "JSON cannot represent \(d.isNaN ? "NaN" : "infinity")")
            }
            out.append(contentsOf: d.description.utf8)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, &out)
                try write(item, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, &out)
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                try write(members[key]!, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ depth: Int, _ out: inout [UInt8]) {
        guard pretty else { return }
        out.append(0x0a)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0a: out.append(contentsOf: "\\n".utf8)
            case 0x0d: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0c: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 0xf)])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
