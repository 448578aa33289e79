import Foundation
import XCTest

/// `aws.sign` from Lua gives what the public SigV4 suite expects.
final class AWSModuleTests: LuaScriptCase {
    func suiteFile(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/testdata/sigv4-suite/\(name)").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            print("skipped: \(path) is absent (../shared holds the SigV4 suite)")
            throw XCTSkip("../shared/testdata/sigv4-suite is absent")
        }
        return text
    }

    let credentials = #"{ access_key_id = "AKIDEXAMPLE", secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }"#

    func testSignMatchesTheSuiteWithHeadersAsListOrMap() throws {
        let expected = try suiteFile("get-vanilla/get-vanilla.authz")
        let creq = try suiteFile("get-vanilla/get-vanilla.creq")
        let sts = try suiteFile("get-vanilla/get-vanilla.sts")
        lua("""
        local common = { method = "GET", url = "https://example.amazonaws.com/", region = "us-east-1", service = "service",
          time = "20150830T123600Z", credentials = \(credentials) }
        -- Parameters are read raw: fields behind an __index metamethod do not count.
        local ok, err = pcall(aws.sign, setmetatable({}, { __index = common }))
        assert(not ok and err.field == "url", tostring(err))
        common.headers = { { "Host", "example.amazonaws.com" } }
        local a = aws.sign(common)
        common.headers = { Host = "example.amazonaws.com" }
        local b = aws.sign(common)
        assert(a.authorization == b.authorization, "list and map forms sign the same")
        assert(b.authorization == [==[\(expected)]==], b.authorization)
        assert(b.canonical_request == [==[\(creq)]==], b.canonical_request)
        assert(b.string_to_sign == [==[\(sts)]==], b.string_to_sign)
        assert(b.signature == b.authorization:match("Signature=(%x+)$"))
        local names = {}
        for _, h in ipairs(b.headers) do names[#names + 1] = h[1] end
        assert(table.concat(names, ",") == "Host,X-Amz-Date,Authorization", table.concat(names, ","))
        """)
    }

    func testSignOptionsAndErrors() throws {
        lua("""
        local t = { method = "POST", url = "https://example.amazonaws.com/a/../b", region = "us-east-1", service = "service",
          time = "20150830T123600Z", credentials = \(credentials), body = "x", sign_body = true, normalize_path = false }
        local r = aws.sign(t)
        assert(r.canonical_request:find("/a/../b", 1, true), r.canonical_request)
        assert(r.canonical_request:find("x-amz-content-sha256", 1, true))
        t.normalize_path = true
        assert(aws.sign(t).canonical_request:find("\\n/b\\n", 1, true))
        t.credentials.session_token = "tok"
        local s = aws.sign(t)
        assert(s.canonical_request:find("x-amz-security-token:tok", 1, true))
        for _, bad in ipairs({ { "url", 5 }, { "time", "yesterday" }, { "region", false }, { "nonsense", 1 } }) do
          local copy = {}
          for k, v in pairs(t) do copy[k] = v end
          copy[bad[1]] = bad[2]
          local ok, err = pcall(aws.sign, copy)
          assert(not ok and err.code == "ValidationError" and err.field == bad[1], bad[1] .. ": " .. tostring(err))
        end
        """)
    }
}
