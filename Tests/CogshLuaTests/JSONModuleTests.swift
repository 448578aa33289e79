import XCTest

final class JSONModuleTests: LuaScriptCase {
    func testRoundTrips() {
        lua(#"""
        local doc = [=[{"a":1,"b":[1,2.5,"x",true,false,null],"c":{},"d":[],"e":"h\u00e9\n\"q\"","f":-0.5,"g":1e+300}]=]
        local v = json.decode(doc)
        assert(math.type(v.a) == "integer" and v.a == 1)
        assert(math.type(v.b[2]) == "float")
        assert(v.b[6] == json.null, "null keeps its array slot")
        assert(v.e == "hé\n\"q\"")
        assert(next(v.c) == nil and next(v.d) == nil)
        local again = json.decode(json.encode(v))
        assert(json.encode(again) == json.encode(v), "re-encoding is stable")
        assert(json.encode(v.d) == "[]", "a decoded empty array stays an array")
        assert(json.encode(v.c) == "{}")
        assert(json.encode({}) == "{}")
        assert(json.encode(json.array{}) == "[]")
        assert(json.encode({3, 2, 1}) == "[3,2,1]")
        assert(json.encode({b = 1, a = 2}) == '{"a":2,"b":1}', "keys sorted")
        assert(json.encode(1.0) == "1.0" and json.encode(7) == "7")
        assert(json.encode("a\0b") == '"a\\u0000b"')
        assert(json.encode({x = {1, {y = "z"}}}, {pretty = true}) == '{\n  "x": [\n    1,\n    {\n      "y": "z"\n    }\n  ]\n}')
        assert(json.decode('"\\ud83d\\ude00"') == "😀", "surrogate pairs")
        """#)
    }

    func testEncodeErrors() {
        lua(#"""
        local function fails(v, field, text)
          local ok, err = pcall(json.encode, v)
          assert(not ok, "expected an error for " .. text)
          assert(err.code == "ValidationError", "code " .. tostring(err.code))
          assert(err.field == field, "field " .. tostring(err.field) .. " ~= " .. field)
          assert(err.message:find(text, 1, true), err.message)
        end
        fails(0/0, "", "NaN")
        fails({a = {b = math.huge}}, "a.b", "infinite")
        fails({x = "\xff"}, "x", "not valid UTF-8")
        local t = {}; t.me = t
        fails({root = t}, "root.me", "json.encode: root.me contains a cycle")
        fails({f = print}, "f", "function")
        fails({1, 2, k = 3}, "[1]", "both array items and keys")
        fails({[true] = 1}, "[true]", "keys must be strings")
        local ok, err = pcall(json.encode)
        assert(not ok and err.code == "ValidationError")
        """#)
    }

    func testDecodeErrorsCarryPosition() {
        lua(#"""
        local function fails(text, pos, what)
          local ok, err = pcall(json.decode, text)
          assert(not ok, "expected an error for " .. text)
          assert(err.code == "ParseError", tostring(err))
          assert(err.position == pos, text .. ": position " .. tostring(err.position) .. " ~= " .. pos)
          if what then assert(err.message:find(what, 1, true), err.message) end
        end
        fails("[1,", 4)
        fails('{"a" 1}', 6)
        fails("[1] x", 5)
        fails('"\xff"', 2, "UTF-8")
        fails("nul", 1)
        fails("", 1)
        fails('"\\ud800"', nil or 2)
        local ok, err = pcall(json.decode, 42)
        assert(not ok and err.code == "ValidationError")
        """#)
    }
}

final class HelpTests: LuaScriptCase {
    func testHelpDescribesACognitoOperation() {
        lua(#"""
        local text = help.text(cognito.admin_update_user_attributes)
        assert(text:find("UserPoolId", 1, true), text)
        assert(text:find("UserNotFoundException", 1, true), text)
        assert(text:find("required", 1, true), text)
        assert(text:find("\n  Updates the specified user's attributes.\n", 1, true), text)
        assert(help.text(json.encode):find("json.encode(value", 1, true), help.text(json.encode))
        assert(help.text(csv.rows):find("csv.rows(path", 1, true))
        local list = help.text()
        assert(list:find("cognito", 1, true) and list:find("json", 1, true), list)
        """#)
    }

    func testEveryModuleFunctionHasHelp() {
        lua(#"""
        for _, name in ipairs(help.modules()) do
          for k, f in pairs(_G[name]) do
            if type(f) == "function" then
              local text = help.text(f)
              assert(text:find(name .. "." .. k, 1, true), name .. "." .. k .. " has no help: " .. text)
            end
          end
          assert(help.text():find(name, 1, true), "no topic " .. name)
        end
        """#)
    }

    func testUnknownOperationSuggestsTheRightName() {
        lua(#"""
        local ok, err = pcall(function() return cognito.admin_update_user_atributes end)
        assert(not ok and err.code == "ValidationError", tostring(err))
        assert(err.message:find("did you mean admin_update_user_attributes", 1, true), err.message)
        """#)
    }
}
