import CogshLua
import Foundation
import LuaHost
import XCTest

/// One description per function: a module's definitions are where help(), the editor
/// types and the module list all come from, so a module registered with nothing but its
/// definitions and its installer shows up in all three.
final class ModuleRegistryTests: XCTestCase {
    static let dummy = LuaModule(name: "dummy", definitions: .text("""
        ---A module that only this test has.
        dummy = {}

        ---Greets someone, politely.
        ---@param name string Who to greet.
        ---@param times? integer How often.
        ---@return string
        function dummy.greet(name, times) end
        """)) { context in
        context.state.pushModule("dummy", functions: [("greet", { s in s.returning(.string("hello")) })])
        context.state.stack.pop()
    }

    func testARegisteredFunctionIsInHelpTheTypesAndTheModuleList() throws {
        var registry = LuaModuleRegistry.standard
        registry.modules.append(Self.dummy)
        XCTAssertTrue(registry.moduleNames.contains("dummy"))

        let state = LuaState()
        Runtime.install(in: state, settings: RuntimeSettings(), registry: registry)
        let result = state.evaluate("""
            local names = table.concat(help.modules(), ",")
            return table.concat({ help.text(dummy.greet), help.text(), names }, "\\n---\\n")
            """, name: "=test")
        guard case .success = result, let text = state.stack.string(at: -1) else { return XCTFail("\(result)") }
        XCTAssertTrue(text.contains("dummy.greet(name[, times]) -> string\n  Greets someone, politely.\n  name: string — Who to greet."), text)
        XCTAssertTrue(text.contains("  dummy    A module that only this test has."), text)
        XCTAssertTrue(text.hasSuffix("aws,cognito,csv,dummy,help,json,log,snapshot,task,template"), text)

        let directory = NSTemporaryDirectory() + "cogsh-registry-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try LuaTypesWriter.write(to: directory, registry: registry)
        let types = try String(contentsOfFile: directory + "/cogsh.lua", encoding: .utf8)
        XCTAssertTrue(types.contains("---Greets someone, politely.\n---@param name string Who to greet.\n"), types)
        XCTAssertTrue(types.contains("\nfunction dummy.greet(name, times) end\n"), types)
        XCTAssertFalse(try String(contentsOfFile: directory + "/cogsh.lua", encoding: .utf8).isEmpty)
    }

    /// The standard build has no dummy: what a test registers stays in that test.
    func testTheStandardRegistryIsUnchangedByATest() {
        XCTAssertFalse(LuaModuleRegistry.standard.moduleNames.contains("dummy"))
        XCTAssertEqual(LuaModuleRegistry.standard.moduleNames, ["aws", "cognito", "csv", "help", "json", "log", "snapshot", "task", "template"])
    }

    /// Every file under Sources/CogshLua/Lua (Lua, and the templates) is compiled in and
    /// reachable by name (SwiftPM embeds a folder's files, but the table of names is
    /// written by hand).
    func testEveryLuaFileOfTheSourcesIsBuiltIn() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CogshLua/Lua")
        var found: [String] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { found.append(URL(fileURLWithPath: path).lastPathComponent) }
        }
        XCTAssertEqual(found.sorted(), BuiltinLua.names)
        XCTAssertEqual(Set(found).count, found.count, "file names must be unique: SwiftPM embeds them by name")
    }

    /// Every job of the registry is built in, and its source is what -m NAME --source prints.
    func testEveryJobHasItsSource() {
        for job in LuaModuleRegistry.standard.jobs {
            XCTAssertTrue(job.source.hasPrefix("-- cogsh -m \(job.name)"), job.name)
        }
    }
}
