/// Byte-level pieces of the canonical request: URI encoding, query and path canonicalisation.
/// They work on UTF-8 bytes so a signature costs no String round-trips.
enum SigV4Encoding {
    /// RFC 3986 unreserved characters: the only bytes SigV4 leaves unencoded.
    private static let unreserved: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = true }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = true }
        for c in "-_.~".utf8 { t[Int(c)] = true }
        return t
    }()
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func uriEncode<C: Collection>(_ bytes: C, keepSlash: Bool, into out: inout [UInt8]) where C.Element == UInt8 {
        for b in bytes {
            if unreserved[Int(b)] || (keepSlash && b == UInt8(ascii: "/")) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHex[Int(b >> 4)])
                out.append(upperHex[Int(b & 0x0f)])
            }
        }
    }

    static func uriEncode(_ s: String, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        uriEncode(s.utf8, keepSlash: keepSlash, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits stays literal.
    /// `+` stays `+`: SigV4 treats it as a plain character, not a space.
    static func percentDecode<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
               let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// Canonical query string: each name and value decoded, then strictly encoded,
    /// sorted by name then value. Empty `&&` components carry nothing and are skipped.
    static func canonicalQuery(_ raw: String, into out: inout [UInt8]) {
        if raw.isEmpty { return }
        let bytes = Array(raw.utf8)
        var pairs: [([UInt8], [UInt8])] = []
        for component in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let comp = Array(component)
            let eq = comp.firstIndex(of: UInt8(ascii: "="))
            let name = eq.map { Array(comp[..<$0]) } ?? comp
            let value = eq.map { Array(comp[($0 + 1)...]) } ?? []
            var encName: [UInt8] = [], encValue: [UInt8] = []
            uriEncode(percentDecode(name), keepSlash: false, into: &encName)
            uriEncode(percentDecode(value), keepSlash: false, into: &encValue)
            pairs.append((encName, encValue))
        }
        pairs.sort { a, b in
            a.0 == b.0 ? a.1.lexicographicallyPrecedes(b.1) : a.0.lexicographicallyPrecedes(b.0)
        }
        for (i, p) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: p.0)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: p.1)
        }
    }

    /// Canonical URI. Services other than S3 want the path as given encoded once more
    /// (so an already-escaped `%20` is signed as `%2520`), after removing dot segments
    /// and empty segments when `normalize` is on.
    static func canonicalPath(_ path: String, normalize: Bool, into out: inout [UInt8]) {
        var bytes = Array(path.utf8)
        if bytes.isEmpty || bytes[0] != UInt8(ascii: "/") { bytes.insert(UInt8(ascii: "/"), at: 0) }
        if normalize { bytes = removeDotSegments(bytes) }
        uriEncode(bytes, keepSlash: true, into: &out)
    }

    /// RFC 3986 §5.2.4, plus collapsing `//`, which AWS services other than S3 also expect.
    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        var kept: [ArraySlice<UInt8>] = []
        for seg in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if seg.count == 1 && seg.first == UInt8(ascii: ".") { continue }
            if seg.count == 2 && seg.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                if !kept.isEmpty { kept.removeLast() }
                continue
            }
            kept.append(seg)
        }
        var out: [UInt8] = [UInt8(ascii: "/")]
        for (i, seg) in kept.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: seg)
        }
        if !kept.isEmpty && path.last == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        return out
    }

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool {
        c <= 0x20 && (c == 0x20 || (c >= 0x09 && c <= 0x0d))
    }

    /// Header value: trimmed, inner runs of white space collapsed to one space
    /// (folded continuation lines included). Copies untouched stretches in bulk: the
    /// session token alone is ~1 KB and byte-by-byte appends showed up in profiles.
    static func appendCanonicalHeaderValue(_ value: String, into out: inout [UInt8]) {
        var value = value
        value.withUTF8 { buf in
            var start = 0, end = buf.count
            while start < end && isSpace(buf[start]) { start += 1 }
            while end > start && isSpace(buf[end - 1]) { end -= 1 }
            var runStart = start, i = start
            while i < end {
                guard isSpace(buf[i]) else { i += 1; continue }
                // A single plain space stays as it is (end was trimmed, so i + 1 < end).
                if buf[i] == 0x20 && !isSpace(buf[i + 1]) { i += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<i]))
                out.append(0x20)
                while i < end && isSpace(buf[i]) { i += 1 }
                runStart = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<end]))
        }
    }
}
