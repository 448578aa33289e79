-- Checks what `cogsh --emit-types DIR` wrote, the way lua-language-server would use it
-- (no lua-language-server is packaged for the test machines, so this stands in):
--   cogsh Tests/lua/types_check.lua DIR            every file loads as Lua; every function
--                                                  the running modules hold is declared, and
--                                                  every declared one exists
--   cogsh Tests/lua/types_check.lua DIR a.lua ...  the scripts' cognito calls with a table
--                                                  constructor: fields the request class
--                                                  lacks, required fields missing, unknown
--                                                  operations
-- One diagnostic per line on stdout (`file:line: text`), then `checked N`.
local dir = assert(arg[1], "usage: types_check.lua DIR [script.lua ...]")

local classes = {}
local declared = {}          -- declared[table][name] = true, tables as the files name them
local params = {}            -- params[operation] = { type = "cognito.X", optional = bool }
local paged = { Each = {}, Pages = {} }
local diagnostics = {}
local function report(fmt, ...) diagnostics[#diagnostics + 1] = fmt:format(...) end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

for _, name in ipairs{ "cognito.lua", "cogsh.lua" } do
  local path = dir .. "/" .. name
  local ok, err = loadfile(path)
  if not ok then report("%s: does not load: %s", name, err) end
  local class, pending
  for line in read(path):gmatch("[^\n]*") do
    local c = line:match("^%-%-%-@class%s+%(exact%)%s+([%w_.]+)") or line:match("^%-%-%-@class%s+([%w_.]+)")
    if c then
      class = c
      classes[c] = classes[c] or { fields = {}, exact = line:find("(exact)", 1, true) ~= nil }
    end
    local field, opt, ftype = line:match("^%-%-%-@field%s+([%w_]+)(%??)%s+(%S+)")
    if field and class then classes[class].fields[field] = { optional = opt == "?", type = ftype } end
    local popt, ptype = line:match("^%-%-%-@param%s+params(%??)%s+(%S+)")
    if ptype then pending = { type = ptype, optional = popt == "?" } end
    local owner, fname = line:match("^function%s+([%w_]+)[.:]([%w_]+)%(")
    if owner then
      declared[owner] = declared[owner] or {}
      declared[owner][fname] = true
      if owner == "Client" and pending then params[fname] = pending end
      if paged[owner] then paged[owner][fname] = true end
      pending = nil
    end
    local vowner, vname = line:match("^([%w_]+)%.([%w_]+)%s*=")
    if vowner then
      declared[vowner] = declared[vowner] or {}
      declared[vowner][vname] = true
    end
    if not line:match("^%-%-%-") then class = nil end
  end
end

-- The names the files declare under, for the live modules.
local function declares(module, name)
  if module == "cognito" then
    return (declared.Client and declared.Client[name]) or (classes["cognito.Client"].fields[name] ~= nil)
  end
  return declared[module] and declared[module][name]
end

local scripts = { table.unpack(arg, 2) }
local checked = 0

if #scripts == 0 then
  -- The module list is cogsh's own (help.modules): a new module is checked with no change here.
  local modules = help.modules()
  for _, module in ipairs(modules) do
    for name, value in pairs(_G[module]) do
      if type(value) == "function" or module == "cognito" then
        checked = checked + 1
        if not declares(module, name) then report("%s.%s: in the module, not in the types", module, name) end
      end
    end
  end
  for name in pairs(declared.Client or {}) do
    checked = checked + 1
    if cognito[name] == nil then report("cognito.%s: in the types, not in the module", name) end
  end
  for owner, module in pairs{ Each = cognito.each, Pages = cognito.pages } do
    for name in pairs(paged[owner]) do
      checked = checked + 1
      local ok, f = pcall(function() return module[name] end)
      if not ok or type(f) ~= "function" and type(f) ~= "table" then
        report("cognito.%s.%s: in the types, not in the module", owner:lower(), name)
      end
    end
  end
  for _, module in ipairs(modules) do
    for name in pairs(module ~= "cognito" and declared[module] or {}) do
      checked = checked + 1
      if _G[module][name] == nil then report("%s.%s: in the types, not in the module", module, name) end
    end
  end
end

-- Code with comments removed and string contents blanked (newlines kept), so braces
-- and `--` inside strings mislead nothing and positions still give line numbers.
local function code_of(text)
  local out, i, n = {}, 1, #text
  local function keep_newlines(s) return (s:gsub("[^\n]", " ")) end
  while i <= n do
    local c = text:sub(i, i)
    local long = text:match("^%[(=*)%[", i)
    if text:sub(i, i + 1) == "--" then
      local level = text:match("^%-%-%[(=*)%[", i)
      local stop
      if level then
        stop = select(2, text:find("]" .. level .. "]", i, true)) or n
      else
        stop = (text:find("\n", i, true) or n + 1) - 1
      end
      out[#out + 1] = keep_newlines(text:sub(i, stop))
      i = stop + 1
    elseif long then
      local stop = select(2, text:find("]" .. long .. "]", i, true)) or n
      out[#out + 1] = '""' .. keep_newlines(text:sub(i + 2, stop))
      i = stop + 1
    elseif c == '"' or c == "'" then
      local j = i + 1
      while j <= n and text:sub(j, j) ~= c do
        if text:sub(j, j) == "\\" then j = j + 1 end
        j = j + 1
      end
      out[#out + 1] = c .. keep_newlines(text:sub(i + 1, j - 1)) .. c
      i = j + 1
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return table.concat(out)
end

-- The names given as `Name = value` at the top level of a table constructor.
local function top_level_keys(ctor)
  local keys, depth, i = {}, 0, 1
  while i <= #ctor do
    local c = ctor:sub(i, i)
    if c == "{" or c == "(" or c == "[" then depth = depth + 1
    elseif c == "}" or c == ")" or c == "]" then depth = depth - 1
    end
    if depth == 1 and (c == "{" or c == "," or c == ";") then
      local key, stop = ctor:match("^%s*([%a_][%w_]*)%s*=()", i + 1)
      if key and ctor:sub(stop, stop) ~= "=" then keys[#keys + 1] = key end
    end
    i = i + 1
  end
  return keys
end

local function check_call(script, line, operation, ctor, class_name)
  local class = classes[class_name]
  if not class then return end
  checked = checked + 1
  local given = {}
  for _, key in ipairs(top_level_keys(ctor)) do
    given[key] = true
    if class.exact and not class.fields[key] then
      report("%s:%d: undefined field '%s' in %s (cognito.%s)", script, line, key, class_name, operation)
    end
  end
  for name, field in pairs(class.fields) do
    if not field.optional and not given[name] then
      report("%s:%d: missing required field '%s' of %s (cognito.%s)", script, line, name, class_name, operation)
    end
  end
end

for _, script in ipairs(scripts) do
  local code = code_of(read(script))
  local function line_at(pos) return select(2, code:sub(1, pos):gsub("\n", "")) + 1 end
  -- cognito.op{...}, cognito.op({...}), cognito.each.op{...}, cognito.pages.op{...}
  for pos in code:gmatch("()cognito%.") do
    local before = pos > 1 and code:sub(pos - 1, pos - 1) or ""
    if not before:match("[%w_.:]") then
      local names, at = {}, pos + #"cognito"
      while true do
        local name, stop = code:match("^%.([%a_][%w_]*)()", at)
        if not name then break end
        names[#names + 1], at = name, stop
      end
      local operation = names[#names]
      local after = code:sub(at)
      local ctor = after:match("^%s*(%b{})") or after:match("^%s*%(%s*(%b{})")
      local via = #names == 2 and (names[1] == "each" and "Each" or names[1] == "pages" and "Pages") or nil
      if #names == 1 and not declares("cognito", operation) then
        report("%s:%d: undefined field '%s' of cognito", script, line_at(pos), operation)
      elseif via and not paged[via][operation] then
        report("%s:%d: cognito.%s.%s: not a paginated operation", script, line_at(pos), names[1], operation)
      elseif ctor and params[operation] and (#names == 1 or via) then
        check_call(script, line_at(pos), operation, ctor, params[operation].type)
      end
    end
  end
end

for _, d in ipairs(diagnostics) do print(d) end
print(("checked %d"):format(checked))
