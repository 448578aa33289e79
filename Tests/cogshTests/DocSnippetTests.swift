import Foundation
import TestSupport
import XCTest

/// Runs every ```lua fence of docs/LUA_API.md with cogsh against moto on loopback and
/// requires exit status 0; the snippets check themselves with assert(). Words after
/// `lua` on the fence line are extra cogsh options (```lua --dry-run). A snippet that
/// mentions `pool` gets a global `pool`: a fresh user pool with the users alice, bob and
/// carol (e-mail <name>@example.com) and a custom attribute `tier`, made without the
/// snippet's options so a dry-run snippet still has real users to read.
final class DocSnippetTests: MotoTestCase {
    struct Snippet {
        var line: Int
        var options: [String]
        var code: String
    }

    static var docPath: String { RepoPaths.root + "/docs/LUA_API.md" }

    /// The ```lua fences of the document, with the line each starts on.
    static func snippets(in text: String) -> [Snippet] {
        var result: [Snippet] = []
        var current: Snippet?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if var open = current {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    result.append(open)
                    current = nil
                } else {
                    open.code += line + "\n"
                    current = open
                }
            } else if line.hasPrefix("```lua") {
                let words = line.dropFirst(6).split(separator: " ").map(String.init)
                current = Snippet(line: index + 1, options: words, code: "")
            }
        }
        return result
    }

    let environment = TestSecrets.environment()

    func testTheDocumentHasSnippets() throws {
        let text = try String(contentsOfFile: Self.docPath, encoding: .utf8)
        let snippets = Self.snippets(in: text)
        XCTAssertGreaterThan(snippets.count, 20)
        // Every public function has its entry with a snippet that uses it.
        let all = snippets.map(\.code).joined()
        for name in ["cognito.call", "cognito.each", "cognito.pages", "cognito.errors", "cognito.try", "cognito.client",
                     "cognito.dry_run", "aws.sign", "aws.credentials", "json.encode", "json.decode", "json.null",
                     "json.array", "csv.rows", "csv.writer", "log.debug", "log.info", "log.warn", "log.error", "help",
                     "task.map", "task.spawn", "task.wait", "task.sleep",
                     "cognito.config", "aws.caller_identity", "log.format", "help.modules",
                     "snapshot.take", "snapshot.open", "snapshot.diff", "snapshot.restore", "snapshot.verify",
                     ":users(", ":query(", ":columns(", ":close(",
                     "template.render", "template.escape", "template.builtin", "template.write",
                     ":is(", "ResponseMetadata"] {
            XCTAssertTrue(all.contains(name), "no snippet uses \(name)")
        }
    }

    func testEverySnippetRuns() throws {
        let moto = try requireMoto()
        let text = try String(contentsOfFile: Self.docPath, encoding: .utf8)
        // aws.caller_identity() asks STS, which moto answers on the same port.
        var environment = self.environment
        environment["AWS_ENDPOINT_URL_STS"] = moto.endpoint
        for (n, snippet) in Self.snippets(in: text).enumerated() {
            var preamble = ""
            if snippet.code.contains("pool") {
                preamble = "pool = \"\(try makePool(endpoint: moto.endpoint, name: "doc-\(n)-\(UUID().uuidString.prefix(8))"))\" "
            }
            // The preamble shares the snippet's first line, so error lines match the fence.
            let result = try cogsh(["--endpoint-url", moto.endpoint] + snippet.options + ["-e", preamble + snippet.code],
                                   environment: environment, limit: 60)
            XCTAssertEqual(result.status, 0, "docs/LUA_API.md snippet at line \(snippet.line) failed:\n\(result.stderr)")
        }
    }

    func makePool(endpoint: String, name: String) throws -> String {
        let script = """
        local id = cognito.create_user_pool{ PoolName = "\(name)",
          Schema = { { Name = "tier", AttributeDataType = "String", Mutable = true } } }.UserPool.Id
        for _, u in ipairs{ "alice", "bob", "carol" } do
          cognito.admin_create_user{ UserPoolId = id, Username = u, MessageAction = "SUPPRESS",
            UserAttributes = { email = u .. "@example.com" } }
        end
        print(id)
        """
        let result = try cogsh(["--endpoint-url", endpoint, "-e", script], environment: environment, limit: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
