import Foundation

/// The `amz-sdk-invocation-id` header: a random version-4 UUID, the same for every
/// attempt of one call, so the service's logs can tie retries together. The bytes come
/// from the system generator (getrandom): Foundation's `UUID()` opens /dev/urandom on
/// every call — a file descriptor and two syscalls per request; `UUID(uuid:)` only formats.
enum InvocationId {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (g.next() as UInt64, g.next() as UInt64)) { Array($0) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40   // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80   // RFC 4122 variant
        let uuid = bytes.withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) }
        return UUID(uuid: uuid).uuidString.lowercased()
    }
}
