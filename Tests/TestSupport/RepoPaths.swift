import Foundation
import XCTest

/// Where the repository, its Python venv and the shared test data are, found from this
/// file's own path so tests work from any working directory.
public enum RepoPaths {
    /// `<repo>`: this file is `<repo>/Tests/TestSupport/RepoPaths.swift`.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var venvPython: String { root + "/.venv/bin/python" }
    public static var motoServer: String { root + "/.venv/bin/moto_server" }
    /// `<repo>/../shared`, where the public test data lives.
    public static var shared: String { URL(fileURLWithPath: root).deletingLastPathComponent().appendingPathComponent("shared").path }

    /// The venv's python, or an XCTSkip (with the reason printed) when there is none.
    public static func requireVenvPython() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: venvPython) else {
            let reason = "no Python venv at \(root)/.venv (run scripts/bootstrap); skipping"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return venvPython
    }

    /// A path under `<repo>/../shared`, or an XCTSkip when it is absent.
    public static func requireShared(_ relative: String) throws -> String {
        let path = shared + "/" + relative
        guard FileManager.default.fileExists(atPath: path) else {
            let reason = "\(path) is absent; skipping"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return path
    }
}

/// Runs one of `scripts/testsupport/*.py` with the venv's python, feeding stdin and
/// returning stdout; a non-zero exit fails with its stderr.
public enum PythonHelper {
    public struct Failure: Error, CustomStringConvertible {
        public let status: Int32
        public let stderr: String
        public var description: String { "python helper exited with \(status): \(stderr)" }
    }

    public static func run(script: String, arguments: [String] = [], stdin: [UInt8] = [],
                           environment: [String: String] = [:]) throws -> [UInt8] {
        let python = try RepoPaths.requireVenvPython()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [RepoPaths.root + "/scripts/testsupport/" + script] + arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        // Write and read concurrently: large batches would fill a pipe and stall both sides.
        let writer = Thread {
            inPipe.fileHandleForWriting.write(Data(stdin))
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()
        let errBox = ErrBox()
        let errReader = Thread { errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errBox.done { usleep(1000) }
        guard p.terminationStatus == 0 else {
            throw Failure(status: p.terminationStatus, stderr: String(decoding: errBox.data ?? Data(), as: UTF8.self))
        }
        return Array(out)
    }

    private final class ErrBox: @unchecked Sendable {
        private let lock = NSLock()
        private var _data: Data?
        var data: Data? {
            get { lock.lock(); defer { lock.unlock() }; return _data }
            set { lock.lock(); _data = newValue; lock.unlock() }
        }
        var done: Bool { data != nil }
    }
}

/// `<repo>/.build/test-logs`: every log a test peer writes, kept for
/// scripts/check-secrets to read after the suite.
public enum TestLogs {
    public static let directory: String = {
        let dir = RepoPaths.root + "/.build/test-logs"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// A fresh file in the directory, open for writing.
    public static func file(_ name: String) -> FileHandle {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path) ?? FileHandle.nullDevice
    }
}
