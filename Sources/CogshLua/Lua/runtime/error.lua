-- The Lua side of `cogsh.Error`: one shared metatable (`__tostring` reads `Code: message
-- (Operation, request id …)`, `err:is(code)` tests the code), and a weak-keyed table
-- in which the host remembers each object's kind (ErrorObjects.swift).
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
return Error, setmetatable({}, { __mode = "k" })
