import Cognito
import Foundation
import TestSupport
import XCTest

/// `cogsh --emit-types DIR`. No lua-language-server is packaged for Debian bookworm or
/// on PyPI, so the files are checked as it would use them: they load as Lua, they
/// declare exactly what the running modules hold, they match the model field by field,
/// and Tests/lua/types_check.lua — reading only the emitted annotations — finds a
/// misspelt and a missing parameter in a script and nothing in the examples.
final class EditorTypesTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "cogsh-types-\(UUID().uuidString)"
        let r = try cogsh(["--emit-types", directory])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("wrote cognito.lua and cogsh.lua to \(directory!)"), r.stderr)
        // stdout is the .luarc.json alone, pointing at the directory.
        let luarc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let library = luarc?["workspace.library"] as? [String]
        XCTAssertEqual(library?.count, 1)
        XCTAssertEqual(library.map { URL(fileURLWithPath: $0[0]).standardizedFileURL.path },
                       URL(fileURLWithPath: directory).standardizedFileURL.path)
        XCTAssertEqual(luarc?["runtime.version"] as? String, "Lua 5.4")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func check(_ scripts: [String] = []) throws -> [String] {
        let r = try cogsh([RepoPaths.root + "/Tests/lua/types_check.lua", directory] + scripts)
        XCTAssertEqual(r.status, 0, r.stderr)
        var lines = r.stdout.split(separator: "\n").map(String.init)
        let last = lines.popLast() ?? ""
        XCTAssertTrue(last.hasPrefix("checked "), r.stdout)
        XCTAssertGreaterThan(Int(last.dropFirst(8)) ?? 0, 0, "nothing was checked")
        return lines
    }

    func testFilesLoadAndDeclareWhatTheModulesHold() throws {
        XCTAssertEqual(try check(), [])
    }

    func testMisspeltAndMissingParametersAreFound() throws {
        let sample = directory + "/sample.lua"
        try """
        local pool = ...
        -- UserAttribute for UserAttributes, and no Username.
        cognito.admin_update_user_attributes{ UserPoolId = pool,
          UserAttribute = { email = "a@example.com" } }
        cognito.admin_get_user{ UserPoolId = pool, Username = "ok" }
        for u in cognito.each.list_users{ UserPoolId = pool, Limit = 10 } do print(u.Username) end
        cognito.admin_update_user_atributes{ UserPoolId = pool }
        """.write(toFile: sample, atomically: true, encoding: .utf8)
        let found = try check([sample])
        XCTAssertEqual(found.sorted(), [
            "\(sample):3: missing required field 'UserAttributes' of cognito.AdminUpdateUserAttributesRequest (cognito.admin_update_user_attributes)",
            "\(sample):3: missing required field 'Username' of cognito.AdminUpdateUserAttributesRequest (cognito.admin_update_user_attributes)",
            "\(sample):3: undefined field 'UserAttribute' in cognito.AdminUpdateUserAttributesRequest (cognito.admin_update_user_attributes)",
            "\(sample):7: undefined field 'admin_update_user_atributes' of cognito",
        ])
    }

    func testExamplesHaveNoDiagnostics() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: RepoPaths.root + "/examples")
            .filter { $0.hasSuffix(".lua") }.sorted().map { RepoPaths.root + "/examples/" + $0 }
        XCTAssertGreaterThanOrEqual(examples.count, 6)
        XCTAssertEqual(try check(examples), [])
    }

    /// Every operation and every request field as the model has it: required fields
    /// without `?`, optional ones with it, enums as unions of all their values.
    func testDefinitionsMatchTheModel() throws {
        let text = try String(contentsOfFile: directory + "/cognito.lua", encoding: .utf8)
        let lines = Set(text.split(separator: "\n").map(String.init))
        XCTAssertEqual(CognitoService.operations.count, 122)
        for op in CognitoService.operations {
            XCTAssertTrue(lines.contains("function Client.\(op.snakeName)(params) end"), op.name)
            guard let input = op.inputShape, let shape = CognitoService.shape(named: input) else { continue }
            XCTAssertTrue(lines.contains("---@class (exact) cognito.\(input)"), input)
            for m in shape.members {
                let prefix = "---@field \(m.name)\(m.required ? "" : "?") "
                XCTAssertTrue(text.contains("\n" + prefix), "\(input).\(m.name)")
            }
        }
        let delivery = try XCTUnwrap(CognitoService.shape(named: "DeliveryMediumType"))
        XCTAssertTrue(lines.contains("---@alias cognito.DeliveryMediumType " + delivery.enumValues.map { "\"\($0)\"" }.joined(separator: "|")))
        // The attribute lists take the map form in requests, the list form in responses.
        XCTAssertTrue(text.contains("---@field UserAttributes cognito.AttributeType[]|table<string, string|number|boolean> "))
        XCTAssertTrue(text.contains("---@field UserAttributes? cognito.AttributeType[]|table<string, string> "))
        // The model's documentation, shortened to one sentence.
        XCTAssertTrue(lines.contains("---Updates the specified user's attributes."))
        XCTAssertTrue(lines.contains("---@return fun(): cognito.UserType"))
    }

    func testEmitTypesRefusesAScriptAndReportsAnUnwritableDirectory() throws {
        let withScript = try cogsh(["--emit-types", directory, "-e", "print(1)"])
        XCTAssertEqual(withScript.status, 2)
        XCTAssertTrue(withScript.stderr.contains("--emit-types writes files and exits"), withScript.stderr)
        let blocker = directory + "/file"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let unwritable = try cogsh(["--emit-types", blocker + "/types"])
        XCTAssertEqual(unwritable.status, 253)
        XCTAssertTrue(unwritable.stderr.hasPrefix("cogsh: --emit-types \(blocker)/types: "), unwritable.stderr)
        XCTAssertEqual(unwritable.stdout, "")
    }
}
