-- The JSON sentinels: the metatable of decoded arrays (so `[]` stays an array when
-- encoded again) and `json.null`. Responses use them, so they exist in every state.
local array_mt = { __name = "json.array" }
local null = setmetatable({}, { __name = "json.null", __tostring = function() return "null" end,
  __newindex = function() error("json.null is read-only", 2) end })
return { array_mt = array_mt, null = null }
