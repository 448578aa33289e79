import XCTest

final class CSVModuleTests: LuaScriptCase {
    func testReadsQuotesNewlinesCRLFAndBOM() throws {
        let path = temporaryDirectory + "/users.csv"
        let text = "\u{FEFF}username,email,note\r\nalice,alice@example.com,\"hello, world\"\r\nbob,bob@example.com,\"two\r\nlines \"\"quoted\"\"\"\r\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        lua("""
        local rows = {}
        for row in csv.rows("\(path)") do rows[#rows + 1] = row end
        assert(#rows == 2, "two records, got " .. #rows)
        assert(rows[1].username == "alice", "BOM stripped from the first header: " .. tostring(next(rows[1])))
        assert(rows[1].note == "hello, world")
        assert(rows[2].note == "two\\r\\nlines \\"quoted\\"", rows[2].note)
        """)
    }

    func testWriterRoundTrip() {
        let path = temporaryDirectory + "/out.csv"
        lua("""
        local w = csv.writer("\(path)", { header = { "username", "email", "n" } })
        w:write({ username = "a,b", email = "x@example.com", n = 3 })
        w:write({ username = "multi\\nline", email = 'q"uote' })
        w:close()
        local rows = {}
        for row in csv.rows("\(path)") do rows[#rows + 1] = row end
        assert(#rows == 2)
        assert(rows[1].username == "a,b" and rows[1].n == "3")
        assert(rows[2].username == "multi\\nline" and rows[2].email == 'q"uote' and rows[2].n == "")
        local plain = csv.writer("\(path).2")
        plain:write({ "x", "y" }); plain:write({ 1, true }); plain:close()
        local seen = {}
        for r in csv.rows("\(path).2", { header = false }) do seen[#seen + 1] = table.concat(r, "|") end
        assert(seen[1] == "x|y" and seen[2] == "1|true", table.concat(seen, ";"))
        """)
    }

    func testErrors() throws {
        let path = temporaryDirectory + "/ragged.csv"
        try "a,b\n1,2\n3\n".write(toFile: path, atomically: true, encoding: .utf8)
        lua("""
        local ok, err = pcall(csv.rows, "/nonexistent/x.csv")
        assert(not ok and tostring(err):find("cannot open /nonexistent/x.csv", 1, true), tostring(err))
        local ok2, err2 = pcall(function() for _ in csv.rows("\(path)") do end end)
        assert(not ok2 and err2.code == "ParseError" and err2.record == 3, tostring(err2))
        assert(err2.message:find("record 3 has 1 fields, the header has 2", 1, true), err2.message)
        local ok3, err3 = pcall(csv.rows, "\(path)", { delimiter = ";;" })
        assert(not ok3 and err3.code == "ValidationError", tostring(err3))
        local ok4, err4 = pcall(csv.rows)
        assert(not ok4 and err4.code == "ValidationError")
        local w = csv.writer("\(path).w")
        local ok5, err5 = pcall(w.write, w, { name = "x" })
        assert(not ok5 and err5.message:find("needs csv.writer", 1, true), tostring(err5))
        local ok6, err6 = pcall(w.write, w, { {} })
        assert(not ok6 and err6.field == "[1]", tostring(err6))
        w:close()
        """)
    }
}
