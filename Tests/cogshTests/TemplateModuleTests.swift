import Foundation
import XCTest

/// The `template` module: the template language, escaping, built-in templates, and
/// private files (mode 0600 whatever the umask).
final class TemplateModuleTests: XCTestCase {
    func run(_ source: String, file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let r = try cogsh(["-e", source], file: file, line: line)
        XCTAssertFalse(r.killed, file: file, line: line)
        return r
    }

    func testValuesAreEscapedAndBlocksRender() throws {
        let r = try run(#"""
        local page = template.render([[
        <ul>
        {{#each users}}
          <li title="{{name}}">{{@index}}. {{name}}{{#if admin}} (admin){{else}} (user){{/if}}{{#if @last}}.{{/if}}</li>
        {{/each}}
        </ul>
        {{#with pool}}<p>{{id}}: {{n}} users, {{share}} {{#if empty}}x{{else}}none{{/if}} {{#if zero}}zero{{/if}}</p>{{/with}}
        {{! not in the page }}
        {{> footer}}
        ]], { users = { { name = "<img src=x onerror=alert(1)>", admin = true }, { name = "o'brien & \"co\"" } },
              pool = { id = "us-east-1_X", n = 3, share = 2 / 3, empty = {}, zero = 0 }, who = 2.0 },
            { partials = { footer = "<i>{{who}}</i>\n" } })
        io.write(page)
        """#)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            <ul>
              <li title="&lt;img src=x onerror=alert(1)&gt;">1. &lt;img src=x onerror=alert(1)&gt; (admin)</li>
              <li title="o&#39;brien &amp; &quot;co&quot;">2. o&#39;brien &amp; &quot;co&quot; (user).</li>
            </ul>
            <p>us-east-1_X: 3 users, 0.67 none zero</p>
            <i>2</i>

            """)
    }

    func testMistakesRaiseNamingTheTemplateAndLine() throws {
        let r = try run(#"""
        local cases = {
          { "a\n{{#if x}}", "ParseError", "template page.html:2: {{#if x}} is never closed" },
          { "{{/each}}", "ParseError", "template page.html:1: {{/each}} closes nothing" },
          { "{{#loop x}}{{/loop}}", "ParseError", "unknown block {{#loop x}}" },
          { "a\nb\n{{x", "ParseError", "template page.html:3: a tag is opened with {{ and never closed" },
          { "{{#each a}}{{/if}}", "ParseError", "{{/if}} closes {{#each}}" },
          { "{{#if a}}{{else}}{{else}}{{/if}}", "ParseError", "a second {{else}}" },
          { "x\n{{missing}}", "ValidationError", "template page.html:2: no value named 'missing'" },
          { "{{a}}", "ValidationError", "'a' is a table, not a value to print" },
          { "{{#each s}}{{/each}}", "ValidationError", "{{#each s}} needs a list, got a string" },
          { "{{> nowhere}}", "ParseError", "no template named 'nowhere'" },
        }
        for _, c in ipairs(cases) do
          local ok, err = pcall(template.render, c[1], { a = {}, s = "text" }, { name = "page.html" })
          assert(not ok and err.code == c[2] and err.message:find(c[3], 1, true), c[1] .. " -> " .. tostring(err))
        end
        local ok, err = pcall(template.builtin, "nope.html")
        assert(not ok and err.code == "ValidationError")
        assert(not pcall(template.builtin, "report.lua"), "cogsh's Lua files are not templates")
        assert(template.builtin("report.html"):find("<!DOCTYPE html>", 1, true))
        print("ok")
        """#)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "ok\n")
    }

    /// template.write creates the file 0600 under umask 022, and narrows an existing 0644
    /// file's mode as it replaces it.
    func testWriteMakesPrivateFilesWhateverTheUmask() throws {
        let dir = NSTemporaryDirectory() + "cogsh-template-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let existing = dir + "/old.html"
        _ = FileManager.default.createFile(atPath: existing, contents: Data("before".utf8), attributes: [.posixPermissions: 0o644])
        let source = """
        assert(template.write(arg[1], "<p>new</p>\\n") == arg[1])
        template.write(arg[2], "<p>replaced</p>\\n")
        local ok, err = pcall(template.write, arg[3] .. "/missing/dir/x.html", "x")
        assert(not ok and tostring(err):find("cannot create", 1, true), tostring(err))
        """
        let script = dir + "/write.lua"
        try source.write(toFile: script, atomically: true, encoding: .utf8)
        let r = try runCommand("/bin/sh", ["-c", #"umask 022; exec "$0" "$@""#, Executables.cogsh, script, dir + "/new.html", existing, dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        for (path, text) in [(dir + "/new.html", "<p>new</p>\n"), (existing, "<p>replaced</p>\n")] {
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
            XCTAssertEqual(mode, 0o600, path)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["new.html", "old.html", "write.lua"],
                       "no temporary file left behind")
    }

    func testHelpDescribesTheModule() throws {
        let r = try run("print(help.text(template.render)); print(help.text(template))")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("template.render(text[, values, options]) -> string"), r.stdout)
        XCTAssertTrue(r.stdout.contains("template.write"), r.stdout)
    }
}
