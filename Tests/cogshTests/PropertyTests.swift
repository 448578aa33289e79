import Foundation
import TestSupport
import XCTest

/// Tests/lua/property.lua: 100,000 generated values (wrong types at every level,
/// cycles, 10 MB strings, invalid UTF-8, NaN/inf, out-of-range integers, tables whose
/// metamethods raise, extra arguments) into cognito.*, json.* and aws.sign, against
/// a loopback server that answers `{}`. The seed is printed; set COGSH_PROPERTY_SEED
/// to replay a run. COGSH_PROPERTY_COUNT changes the count: scripts/test's
/// AddressSanitizer pass uses 20,000 to stay inside CI's time.
final class PropertyTests: XCTestCase {
    func testGeneratedValuesGiveResultsOrErrorObjectsAndInvalidOnesSendNothing() async throws {
        let seed = ProcessInfo.processInfo.environment["COGSH_PROPERTY_SEED"].flatMap(Int.init) ?? 20_261_127
        let count = ProcessInfo.processInfo.environment["COGSH_PROPERTY_COUNT"].flatMap(Int.init) ?? 100_000
        print("property test: seed \(seed), \(count) values")
        let server = try await ScriptedHTTPServer { _, _ in .json(200, "{}") }
        defer { Task { await server.shutdown() } }
        let script = RepoPaths.root + "/Tests/lua/property.lua"
        let result = try cogsh(["--endpoint-url", server.baseURL, "--max-attempts", "1"] + Unpaced.arguments + [script, String(seed), String(count)],
                               environment: TestSecrets.environment(), limit: 1200)
        XCTAssertFalse(result.killed, "the run hung")
        XCTAssertEqual(result.status, 0, "seed \(seed): \(result.stderr.suffix(2000))")
        let summary = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        print("property test: \(summary)")
        var figures: [String: Int] = [:]
        for part in summary.split(separator: " ") {
            let kv = part.split(separator: "=")
            if kv.count == 2 { figures[String(kv[0])] = Int(kv[1]) }
        }
        XCTAssertEqual(figures["calls"].map { $0 >= count }, true, summary)
        XCTAssertEqual(figures["bad"], 0, "seed \(seed): every failure is a cogsh.Error object; \(result.stderr.suffix(500))")
        XCTAssertEqual(figures["nofield"], 0, "seed \(seed): every ValidationError of a parameter table names its field; \(result.stderr.suffix(500))")
        XCTAssertGreaterThan(figures["validation"] ?? 0, count / 10, "the generator reaches validation")
        XCTAssertGreaterThan(figures["sent"] ?? 0, 0, "the generator also makes valid calls")
        XCTAssertEqual(server.requestCount, figures["sent"], "seed \(seed): requests the server saw vs calls that passed validation")
    }
}
