import Foundation

/// Lower-case hex, the form SigV4 uses for hashes and signatures.
enum Hex {
    @inline(__always)
    private static func digit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    static func append<S: Sequence>(_ bytes: S, to out: inout [UInt8]) where S.Element == UInt8 {
        for b in bytes {
            out.append(digit(b >> 4))
            out.append(digit(b & 0x0f))
        }
    }

    /// Digests and MACs expose contiguous bytes; reading them through `Sequence` costs
    /// more than the hashing.
    static func append<D: ContiguousBytes>(digest: D, to out: inout [UInt8]) {
        digest.withUnsafeBytes { append($0, to: &out) }
    }

    static func string<D: ContiguousBytes>(digest: D) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        append(digest: digest, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
