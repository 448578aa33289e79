import Foundation

/// Runs a profile's `credential_process` and reads its JSON (`Version` 1, keys,
/// optional `SessionToken` and `Expiration`). Its stderr passes through to ours, so the
/// user sees why it failed; its stdout (which holds the secret) is never echoed.
enum ProcessCredentialRunner {
    static func run(command: String, profile: String) async throws -> AWSCredentials {
        let (status, output) = try await execute(command)
        let origin = "credential_process of profile \(profile)"
        guard status == 0 else {
            throw AWSError.credentials("\(origin) exited with status \(status)")
        }
        if let json = try? JSONCodec.decode(output), case .object = json {
            guard json["Version"] == .int(1) else {
                throw AWSError.credentials("\(origin) returned JSON without \"Version\": 1")
            }
        }
        return try CredentialsJSON.parse(output, origin: origin, tokenKey: "SessionToken")
    }

    /// Runs through `/bin/sh -c`, so quoting in the setting works as in a shell. Blocking
    /// work happens on a Dispatch thread, never on the Swift concurrency pool.
    static func execute(_ command: String) async throws -> (Int32, [UInt8]) {
        try await withCheckedThrowingContinuation { cont in
            DispatchQueue.global().async {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = ["-c", command]
                let out = Pipe()
                p.standardOutput = out
                p.standardInput = FileHandle.nullDevice
                do {
                    try p.run()
                } catch {
                    cont.resume(throwing: AWSError.credentials("cannot start credential_process: \(error.localizedDescription)"))
                    return
                }
                let data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                cont.resume(returning: (p.terminationStatus, Array(data)))
            }
        }
    }
}
