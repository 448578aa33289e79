import Cognito
import Foundation
import TestSupport
import XCTest

/// What the plan, apply and undo tests share: a directory of their own, cogsh run
/// through sh with a usual umask (the plan files must be 0600 whatever it is), and a
/// plan file read back line by line.
extension XCTestCase {
    /// A fresh directory, removed after the test.
    func planDirectory() throws -> String { try makeTemporaryDirectory("cogsh-plan") }

    /// cogsh with `args`, through sh (umask 022), in `directory`, with the test
    /// credentials and AWS_ENDPOINT_URL (Cognito and STS) pointed at `endpoint`.
    func planRun(_ args: [String], endpoint: String?, in directory: String, environment: [String: String] = [:],
                 limit: TimeInterval = 120, file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        var env = TestSecrets.environment()
        if let endpoint { env["AWS_ENDPOINT_URL"] = endpoint }
        env.merge(environment) { $1 }
        let command = (["umask", "022", ";", "cd", directory.quoted, ";", "exec", Executables.cogsh.quoted] + args.map(\.quoted))
            .joined(separator: " ")
        let r = try runCommand("/bin/sh", ["-c", command], environment: env, limit: limit)
        XCTAssertFalse(r.killed, "cogsh \(args.prefix(3)) hung", file: file, line: line)
        assertNoSecret(in: r.stdout + r.stderr, environment: env, run: args, file: file, line: line)
        return r
    }

    /// The lines of a plan file as JSON objects (header, calls, end line).
    func planLines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    func fileMode(_ path: String) throws -> Int {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
}

extension StandInServer {
    /// The published quota of every category (QuotaCategories, the Cognito layer's table).
    static var allPublishedQuotas: [Category] {
        QuotaCategories.all.map { Category($0.name, rate: $0.rate, perPoolRate: $0.perPoolRate, operations: $0.operations) }
    }
}
