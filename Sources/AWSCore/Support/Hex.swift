/// Lower-case hex, the form SigV4 uses for hashes and signatures.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func append<S: Sequence>(_ bytes: S, to out: inout [UInt8]) where S.Element == UInt8 {
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
    }

    static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
