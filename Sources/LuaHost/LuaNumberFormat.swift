#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers as text exactly as Lua's `tostring` writes them, for places where a Lua
/// number becomes a string outside Lua (the attribute map shorthand sends what the
/// script author would see printed).
public enum LuaNumberFormat {
    /// Lua 5.4: "%.14g", then ".0" appended when the result looks like an integer.
    public static func float(_ d: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([d]) { vsnprintf(&buffer, buffer.count, "%.14g", $0) }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let looksLikeInt = text.allSatisfy { $0 == "-" || $0.isASCII && $0.isNumber }
        return looksLikeInt ? text + ".0" : text
    }
}
