import Cognito
import Foundation
import TestSupport
import XCTest

/// Runs a built executable (cogsh or the system lua5.4) with arguments, environment
/// and stdin, and collects what it printed and how it ended. A run that outlives
/// `limit` is killed and reported, so a hang fails the test instead of stalling it.
struct CommandResult: Equatable {
    var status: Int32
    var stdout: String
    var stderr: String
    var killed = false
}

enum Executables {
    /// The cogsh under test: COGSH_BIN, else the one built beside this test bundle.
    static var cogsh: String {
        if let path = ProcessInfo.processInfo.environment["COGSH_BIN"] { return path }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("cogsh").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return Bundle(for: Marker.self).bundleURL.deletingLastPathComponent().appendingPathComponent("cogsh").path
    }

    static var lua: String? {
        ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private final class Marker {}
}

func runCommand(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
         clearEnvironment: Bool = false, limit: TimeInterval = 30) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = childEnvironment(environment, clearEnvironment: clearEnvironment)
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // A child that never reads stdin may have exited already: a broken pipe is fine.
    signal(SIGPIPE, SIG_IGN)
    if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    var killed = false
    let deadline = Date().addingTimeInterval(limit)
    // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
    // Each reader fills its own box; the group's wait orders the writes before the reads.
    final class Collected: @unchecked Sendable { var data = Data() }
    let outBox = Collected(), errBox = Collected()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { outBox.data = out.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
    while process.isRunning {
        if Date() > deadline { kill(process.processIdentifier, SIGKILL); killed = true; break }
        usleep(2000)
    }
    process.waitUntilExit()
    group.wait()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                         stderr: String(decoding: errBox.data, as: UTF8.self), killed: killed)
}

/// The test's environment plus `environment`, without LUA_INIT unless the test sets it.
func childEnvironment(_ environment: [String: String], clearEnvironment: Bool = false) -> [String: String] {
    var env = clearEnvironment ? ["PATH": "/usr/bin:/bin"] : ProcessInfo.processInfo.environment
    for name in ["LUA_INIT", "LUA_INIT_5_4"] where environment[name] == nil { env[name] = nil }
    for (k, v) in environment { env[k] = v }
    return env
}

func cogsh(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], limit: TimeInterval = 30,
           file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
    let result = try runCommand(Executables.cogsh, arguments, stdin: stdin, environment: environment, limit: limit)
    assertNoSecret(in: result.stdout + result.stderr, environment: environment, run: arguments, file: file, line: line)
    return result
}

/// Every cogsh run of the suite is checked: neither the test secrets nor the secret
/// key or token the run was given may appear in what it printed.
func assertNoSecret(in output: String, environment: [String: String], run arguments: [String],
                    file: StaticString = #filePath, line: UInt = #line) {
    let given = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].compactMap { environment[$0] }.filter { $0.count >= 8 }
    for secret in Set(TestSecrets.secrets + given) where output.contains(secret) {
        // The secret itself stays out of the failure message: the test log is checked too.
        XCTFail("a secret (\(secret.prefix(4))…) reached the output of cogsh \(arguments.prefix(3))", file: file, line: line)
    }
}

/// A started process whose output the test reads line by line (to signal it at the right moment).
final class RunningCommand {
    let process = Process()
    let out = Pipe(), err = Pipe(), input = Pipe()

    let environment: [String: String]

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        self.environment = environment
        process.environment = childEnvironment(environment)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
    }

    /// Waits until the child printed `marker` on stdout (or `limit` passed).
    func waitFor(_ marker: String, limit: TimeInterval = 20) -> Bool {
        var seen = Data()
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            seen.append(chunk)
            if String(decoding: seen, as: UTF8.self).contains(marker) { return true }
        }
        return false
    }

    func finish(limit: TimeInterval = 20) -> (status: Int32, stderr: String, killed: Bool) {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(limit)
        var killed = false
        while process.isRunning {
            if Date() > deadline { kill(process.processIdentifier, SIGKILL); killed = true; break }
            usleep(2000)
        }
        process.waitUntilExit()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        assertNoSecret(in: errText, environment: environment, run: process.arguments ?? [])
        return (process.terminationStatus, errText, killed)
    }
}

/// Every quota raised out of reach, for tests that send thousands of calls to a
/// loopback peer one after another and measure something other than pacing.
enum Unpaced {
    static let arguments: [String] = QuotaCategories.names.flatMap { ["--rate", "\($0)=100000"] }
}
