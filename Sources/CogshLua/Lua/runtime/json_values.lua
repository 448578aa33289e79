-- The JSON sentinels: the metatable of decoded arrays (so `[]` stays an array when
-- encoded again) and `json.null`. Responses use them, so they exist in every state.
local array_mt = { __name = "json.array" }
local null = setmetatable({}, { __name = "json.null", __tostring = function() return "null" end,
  __newindex = function() error("json.null is read-only", 2) end })
-- A user's attribute list in a service's answer (ListUsers' Attributes, AdminGetUser's
-- UserAttributes) is still the list ipairs, # and json.encode see, and also answers by
-- name: user.Attributes.email, user.Attributes["custom:tier"]. Same __name: an array.
local attributes_mt = { __name = "json.array" }
function attributes_mt.__index(list, name)
  if type(name) ~= "string" then return nil end
  for i = 1, #list do
    local a = list[i]
    if type(a) == "table" and rawget(a, "Name") == name then return rawget(a, "Value") end
  end
  return nil
end
return { array_mt = array_mt, null = null, attributes_mt = attributes_mt }
