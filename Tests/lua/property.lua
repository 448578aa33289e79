-- Seeded property test for cogsh's bindings (run by Tests/cogshTests/PropertyTests.swift).
-- usage: cogsh --endpoint-url URL property.lua SEED COUNT
-- Drives COUNT generated values into cognito.*, json.* and aws.sign and checks, for
-- every call: no crash (the process survives), a result or a cogsh.Error object
-- (a table with string code and message), and for cognito that a call that fails
-- validation sent nothing: the script counts the calls that passed validation, and
-- the test compares that with the requests the loopback server received.
-- The last line printed is a summary the test parses.
local seed, count = tonumber(arg[1]), tonumber(arg[2])
math.randomseed(seed)
local R = math.random

local big = string.rep("x", 10 * 1024 * 1024)            -- a 10 MB string, made once
local function bytes(n)
  local t = {}
  for i = 1, n do t[i] = string.char(R(0, 255)) end
  return table.concat(t)
end
local words = { "", "email", "Name", "Value", "us-east-1_Prop1", "alice", "custom:tier", "email_verified",
  "true", "UserAttributes", "UserPoolId", "Username", "é", "\0", "\xff\xfe", "a\0b", "💥", "%s%d",
  string.rep("a", 129), string.rep("é", 70), "POST", "https://cognito-idp.us-east-1.amazonaws.com/" }

local function str()
  local k = R(1, 10)
  if k <= 5 then return words[R(#words)] end
  if k <= 8 then return bytes(R(0, 40)) end
  if k == 9 then return string.rep(words[R(#words)], R(1, 300)) end
  return R(2000) == 1 and big or bytes(R(0, 3))
end

local numbers = { 0, -1, 1, math.maxinteger, math.mininteger, 2^53, -2^63, 2^63, 0.5, -0.0, 1/0, -1/0, 0/0, 1e308, 1e-308 }
local function num()
  if R(2) == 1 then return numbers[R(#numbers)] end
  return R(2) == 1 and math.random(math.mininteger, math.maxinteger) or (math.random() - 0.5) * 10 ^ R(-5, 20)
end

local gen
local function metatable()
  local k = R(1, 7)
  if k == 1 then return { __index = function() error("__index must not run") end } end
  if k == 2 then return { __pairs = function() error("__pairs must not run") end } end
  if k == 3 then return { __len = function() error("__len must not run") end, __name = "Odd" } end
  if k == 4 then return { __tostring = function() error("__tostring must not run") end } end
  if k == 5 then return { __name = 42, __newindex = function() error("__newindex must not run") end } end
  if k == 6 then return getmetatable(json.array{}) end
  return { __eq = function() error("__eq must not run") end, __metatable = "locked" }
end

local function tbl(depth)
  local t = {}
  local k = R(1, 6)
  if k <= 2 then for i = 1, R(0, 5) do t[i] = gen(depth + 1) end end
  if k >= 2 and k <= 4 then for _ = 1, R(0, 5) do
    local key = R(4) == 1 and gen(depth + 1) or str()
    if key ~= nil and key == key then t[key] = gen(depth + 1) end
  end end
  if k == 5 then t[R(-3, 100)] = gen(depth + 1) end
  if k == 6 then t.self = t end                               -- a cycle
  if R(5) == 1 then setmetatable(t, metatable()) end
  return t
end

function gen(depth)
  depth = depth or 0
  local k = R(1, 14)
  if k == 1 then return nil end
  if k == 2 then return R(2) == 1 end
  if k <= 4 then return num() end
  if k <= 8 or depth > 4 then return str() end
  if k <= 12 then return tbl(depth) end
  if k == 13 then return ({ print, io.stdout, coroutine.create(print), json.null })[R(4)] end
  local deep = {}                                             -- deeper than any limit
  local cur = deep
  for _ = 1, R(90, 250) do cur.x = {}; cur = cur.x end
  return deep
end

-- Mostly-valid AdminUpdateUserAttributes parameters with one part replaced.
local function update_params()
  local p = { UserPoolId = "us-east-1_Prop1", Username = "alice",
              UserAttributes = { { Name = "email", Value = "a@example.com" }, { Name = "custom:tier", Value = "gold" } } }
  local k = R(1, 9)
  if k == 1 then p.UserPoolId = gen(1)
  elseif k == 2 then p.Username = gen(1)
  elseif k == 3 then p.UserAttributes = gen(1)
  elseif k == 4 then p.UserAttributes[R(2)] = gen(2)
  elseif k == 5 then p.UserAttributes[R(2)].Name = gen(3)
  elseif k == 6 then p.UserAttributes[R(2)].Value = gen(3)
  elseif k == 7 then p.ClientMetadata = gen(1)
  elseif k == 8 then p[str()] = gen(1)
  else p.UserAttributes = { email = gen(2) } end
  return p
end

local function sign_params()
  local p = { method = "POST", url = "https://cognito-idp.us-east-1.amazonaws.com/", region = "us-east-1",
              service = "cognito-idp", body = "{}", headers = { ["Content-Type"] = "application/x-amz-json-1.1" },
              credentials = { access_key_id = "AKIDPROP", secret_access_key = "prop-secret" } }
  local keys = { "method", "url", "region", "service", "body", "headers", "credentials", "time", "normalize_path", "sign_body" }
  p[keys[R(#keys)]] = gen(1)
  if R(3) == 1 then p.headers = { [str()] = gen(2) } end
  return p
end

local stats = { calls = 0, results = 0, errors = 0, validation = 0, sent = 0, bad = 0, nofield = 0 }
local first_nofield
local codes = {}   -- "kind code" -> count
local first_bad

local function is_error_object(e)
  return type(e) == "table" and type(e.code) == "string" and type(e.message) == "string"
end

-- A ValidationError from a call whose parameters are a table must name the field.
local function check_field(ok, r)
  if not ok and type(r) == "table" and r.code == "ValidationError" and (type(r.field) ~= "string" or r.field == "") then
    stats.nofield = stats.nofield + 1
    first_nofield = first_nofield or tostring(r.message)
  end
  return ok, r
end

local function check(kind, ok, r)
  stats.calls = stats.calls + 1
  if ok then
    stats.results = stats.results + 1
    if kind == "cognito" then stats.sent = stats.sent + 1 end
  elseif is_error_object(r) then
    stats.errors = stats.errors + 1
    local key = kind .. " " .. r.code
    codes[key] = (codes[key] or 0) + 1
    if r.code == "ValidationError" then stats.validation = stats.validation + 1
    elseif kind == "cognito" then stats.sent = stats.sent + 1 end  -- it reached the server
  else
    stats.bad = stats.bad + 1
    first_bad = first_bad or (kind .. ": " .. tostring(r))
  end
end

local update, list_users, call = cognito.admin_update_user_attributes, cognito.list_users, cognito.call
local encode, decode, sign = json.encode, json.decode, aws.sign
for i = 1, count do
  local k = i % 10
  if k == 0 then check("cognito", pcall(update, gen()))
  elseif k == 1 then check("cognito", check_field(pcall(update, update_params())))
  elseif k == 2 then check("cognito", pcall(list_users, R(2) == 1 and gen() or { UserPoolId = gen(1), Limit = gen(1), Filter = gen(1) }))
  elseif k == 3 then check("cognito", pcall(call, R(3) == 1 and gen() or "AdminUpdateUserAttributes", update_params()))
  elseif k == 4 then check("cognito", pcall(update, update_params(), gen()))   -- an extra argument
  elseif k == 5 then
    local v = gen()
    local ok, text = pcall(encode, v, R(4) == 1 and { pretty = gen(2) } or nil)
    check("json", ok, text)
    if ok and type(text) == "string" then check("json", pcall(decode, text)) end  -- what encodes decodes
  elseif k == 6 then check("json", pcall(decode, R(2) == 1 and str() or gen()))
  elseif k == 7 then check("json", pcall(function() return decode(encode(json.array{ str() }):sub(1, R(0, 8)) .. str()) end))
  elseif k == 8 then check("sign", check_field(pcall(sign, sign_params())))
  else check("sign", pcall(sign, gen())) end
  if i % 1000 == 0 then collectgarbage("step", 0) end
end
local keys = {}
for key in pairs(codes) do keys[#keys + 1] = key end
table.sort(keys)
for _, key in ipairs(keys) do print(string.format("  %-36s %d", key, codes[key])) end
if first_nofield then io.stderr:write("first ValidationError without a field: ", first_nofield, "\n") end
if first_bad then io.stderr:write("first non-object error: ", first_bad, "\n") end
print(string.format("calls=%d results=%d errors=%d validation=%d sent=%d bad=%d nofield=%d",
  stats.calls, stats.results, stats.errors, stats.validation, stats.sent, stats.bad, stats.nofield))
