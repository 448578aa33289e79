import Crypto

/// Signing keys cost four HMACs; one key serves a whole day of requests for a
/// (secret, date, region, service), so it is derived once and kept — as an HMAC already
/// keyed with it, so each signature skips hashing the key pad too.
final class SigningKeyCache: Sendable {
    static let shared = SigningKeyCache()

    private struct Entry: Hashable {
        let secret: String, date: String, region: String, service: String
    }

    /// Bounded: credentials rotate and dates roll over; old keys need not pile up.
    private static let capacity = 32
    private let keys = LockedBox<[Entry: HMAC<SHA256>]>([:])

    /// A fresh copy of the keyed HMAC: update it with the string to sign and finalize.
    func keyedHMAC(secret: String, date: String, region: String, service: String) -> HMAC<SHA256> {
        let entry = Entry(secret: secret, date: date, region: region, service: service)
        if let k = keys.withLock({ $0[entry] }) { return k }
        let k = HMAC<SHA256>(key: Self.derive(secret: secret, date: date, region: region, service: service))
        keys.withLock {
            if $0.count >= Self.capacity { $0.removeAll() }
            $0[entry] = k
        }
        return k
    }

    static func derive(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ s: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(s.utf8), using: key))
        }
        let kSecret = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        return hmac(hmac(hmac(hmac(kSecret, date), region), service), "aws4_request")
    }

    var count: Int { keys.withLock { $0.count } }
}
