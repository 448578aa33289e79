import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A moto server of the test's own (`<repo>/.venv/bin/moto_server`) on a free loopback
/// port, started with the given environment and stopped by `stop()`.
public final class MotoServer: @unchecked Sendable {
    private let peer: LoopbackPeer
    public var port: Int { peer.port }
    public var endpoint: String { peer.endpoint }

    /// Skips the test (printing why) when the venv is absent; throws if moto does not
    /// answer within `startupTimeout` seconds.
    public init(environment: [String: String] = [:], startupTimeout: Double = 30) throws {
        guard FileManager.default.isExecutableFile(atPath: RepoPaths.motoServer) else {
            _ = try RepoPaths.requireVenvPython()
            throw LaunchError("moto_server missing from \(RepoPaths.root)/.venv")
        }
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("AWS_") { env[key] = nil }
        // moto's request log goes where scripts/check-secrets looks for leaked secrets.
        peer = try LoopbackPeer(name: "moto_server", logPrefix: "moto", executable: RepoPaths.motoServer,
                                environment: env.merging(environment) { $1 }, startupTimeout: startupTimeout) { port in
            ["-H", "127.0.0.1", "-p", String(port)]
        }
    }

    public func stop() { peer.stop() }

    public struct LaunchError: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }
}

/// A server process the tests start on a free loopback port (moto, the Cognito
/// stand-in): its output goes to a test log, it is waited for until it accepts
/// connections, and killed when stopped or released.
public final class LoopbackPeer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// `arguments` receives the port chosen; the log is `<logPrefix>-<port>.log`.
    public init(name: String, logPrefix: String, executable: String, environment: [String: String]? = nil,
                startupTimeout: Double, arguments: (Int) -> [String]) throws {
        port = try FreePort.find()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments(port)
        if let environment { process.environment = environment }
        let log = TestLogs.file("\(logPrefix)-\(port).log")
        process.standardOutput = log
        process.standardError = log
        try process.run()
        do {
            try FreePort.waitUntilAnswered(port, by: process, within: startupTimeout, name: name)
        } catch {
            stop()
            throw error
        }
    }

    /// SIGKILL, not SIGTERM: a child spawned from a Dispatch thread inherits its blocked
    /// signal mask, and would then ignore SIGTERM and never exit.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// Loopback port helpers.
public enum FreePort {
    /// Binds port 0 on 127.0.0.1 and returns the port the kernel chose.
    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MotoServer.LaunchError("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp in
                bind(fd, sp, len) == 0 && getsockname(fd, sp, &len) == 0
            }
        }
        guard ok else { throw MotoServer.LaunchError("bind() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Waits until `process` (just started) accepts connections on the port.
    public static func waitUntilAnswered(_ port: Int, by process: Process, within seconds: Double, name: String) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !answers(port: port) {
            guard process.isRunning else { throw MotoServer.LaunchError("\(name) exited with status \(process.terminationStatus)") }
            guard Date() < deadline else { throw MotoServer.LaunchError("\(name) did not answer on port \(port) within \(seconds) s") }
            usleep(50_000)
        }
    }

    /// Whether something accepts TCP connections on 127.0.0.1:port.
    public static func answers(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
