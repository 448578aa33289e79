import Foundation

/// A throwaway self-signed certificate for 127.0.0.1, made by the openssl command
/// (Debian's `openssl`): what a TLS peer that no trust store knows looks like.
public struct SelfSignedCertificate: Sendable {
    public let certificatePath: String
    public let privateKeyPath: String

    public static func make() throws -> SelfSignedCertificate {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cogsh-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let cert = dir.appendingPathComponent("cert.pem").path
        let key = dir.appendingPathComponent("key.pem").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                       "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw MotoServer.LaunchError("openssl req failed with status \(p.terminationStatus)") }
        return SelfSignedCertificate(certificatePath: cert, privateKeyPath: key)
    }
}
