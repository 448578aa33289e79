/// The `amz-sdk-invocation-id` header: a random version-4 UUID, the same for every
/// attempt of one call, so the service's logs can tie retries together. Made from the
/// system generator (getrandom) rather than Foundation's `UUID()`, which opens
/// /dev/urandom on every call — a file descriptor and two syscalls per request.
enum InvocationId {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (g.next() as UInt64, g.next() as UInt64)) { Array($0) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40   // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80   // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
