import CLua
import CLuaShim

/// The `cogsh.Error` object of DESIGN.md as Swift builds it: a code, a message and
/// any further fields (status, request_id, operation, field, ...). Thrown from a
/// Swift function, it reaches Lua as a table sharing one metatable.
public struct LuaErrorObject: Error, Sendable {
    public var code: String
    public var message: String
    /// Further fields, in the order they are set.
    public var fields: [(String, LuaValue)]

    public init(code: String, message: String, fields: [(String, LuaValue)] = []) {
        self.code = code
        self.message = message
        self.fields = fields
    }
}

/// Registry key of the shared metatable.
let errorMetatableKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

/// The metatable, written in Lua because its functions run as Lua: `__tostring`
/// reads `Code: message (Operation, request id …)`, `err:is(code)` tests the code.
let errorMetatableSource = """
local Error = { __name = "cogsh.Error" }
local methods = {}
function methods.is(self, code) return rawget(self, "code") == code end
Error.__index = methods
function Error.__tostring(e)
  local s = tostring(rawget(e, "code") or "Error") .. ": " .. tostring(rawget(e, "message") or "")
  local op, id = rawget(e, "operation"), rawget(e, "request_id")
  if op and id then s = s .. " (" .. op .. ", request id " .. id .. ")"
  elseif op then s = s .. " (" .. op .. ")"
  elseif id then s = s .. " (request id " .. id .. ")" end
  return s
end
return Error
"""

extension LuaStack {
    public func push(_ object: LuaErrorObject) {
        lua_createtable(L, 0, Int32(2 + object.fields.count))
        pushString(object.code)
        setField("code", in: -2)
        pushString(object.message)
        setField("message", in: -2)
        for (name, value) in object.fields {
            push(value)
            setField(name, in: -2)
        }
        pushRegistryValue(errorMetatableKey)
        if type(at: -1) == LUA_TTABLE {
            lua_setmetatable(L, -2)
        } else {
            pop()
        }
    }

    /// The `code` field when the value at `index` is a `cogsh.Error` table.
    public func errorCode(at index: Int32) -> String? {
        guard type(at: index) == LUA_TTABLE, metatableName(of: index) == "cogsh.Error" else { return nil }
        defer { pop() }
        getField("code", in: index)
        return string(at: -1)
    }
}
