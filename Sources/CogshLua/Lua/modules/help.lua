-- help() lists the modules; help(f) describes a function; help(module) lists its
-- functions. Descriptions are the modules' definitions (lua-language-server
-- annotations, the text `cogsh --emit-types` writes), read on the first help() call;
-- help.add and help.topic let modules and scripts add their own (cognito adds each
-- operation's from the service model when it is first used).
local S = ...
local entries = setmetatable({}, { __mode = "k" })   -- function -> text (help.add)
local topics = {}                                    -- name -> one line (help.topic)
local described                                      -- the definitions, read once

local help = {}
function help.add(fn, text) entries[fn] = text end
function help.topic(name, text) topics[name] = text end
function help.modules() return S.modules() end

-- Splits an annotation's type from what follows it. Types may hold spaces where
-- lua-language-server allows them: inside brackets, after `:` `,` `|`, before `|`
-- (`fun(): T`, `{ a: string, b?: integer }`, `string | nil`).
local function split_type(text)
  local depth, i, n = 0, 1, #text
  while i <= n do
    local c = text:sub(i, i)
    if c:match("[%(%{%[<]") then depth = depth + 1
    elseif c:match("[%)%}%]>]") then depth = depth - 1
    elseif c == " " and depth <= 0 then
      local before = text:sub(1, i - 1):match("(%S)%s*$")
      local after = text:match("^%s*(%S)", i)
      if not (before == ":" or before == "," or before == "|" or after == "|") then break end
    end
    i = i + 1
  end
  return text:sub(1, i - 1), (text:sub(i):gsub("^%s+", ""))
end

-- Reads the definitions: every function's summary, details, parameters and results,
-- each module's one line, each class's fields. A class's local table (`local Client =
-- {}` after `---@class cognito.Client`) lends its functions to the globals of that type
-- (`---@type cognito.Client` before `cognito = {}`).
local function read_definitions(text)
  local d = { functions = {}, topics = {}, classes = {} }
  local block = { doc = {}, params = {}, returns = {} }
  local class_of_local, globals_of_class, owners = {}, {}, {}
  local class
  local function reset() block = { doc = {}, params = {}, returns = {} } end
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    local tag, rest = line:match("^%-%-%-@(%w+)%s*(.*)$")
    if tag == "class" then
      class = rest:gsub("^%(exact%)%s*", ""):match("^([%w_.]+)")
      block.class = class
      d.classes[class] = { fields = {} }
    elseif tag == "field" and class then
      local name = rest:match("^([%w_]+)")
      if name then table.insert(d.classes[class].fields, name) end
    elseif tag == "type" then
      block.type = rest:match("^([%w_.]+)")
    elseif tag == "param" then
      local name, after = rest:match("^(%S+)%s+(.*)$")
      if name then
        local typ, desc = split_type(after)
        block.params[#block.params + 1] = { name = name, type = typ, desc = desc }
      end
    elseif tag == "return" then
      local typ, desc = split_type(rest)
      if typ ~= "" then block.returns[#block.returns + 1] = { type = typ, desc = desc } end
    elseif not tag and line:match("^%-%-%-") then
      block.doc[#block.doc + 1] = line:sub(4)
    elseif not tag then   -- (@meta, @generic, @overload, @alias: nothing help shows)
      local loc = line:match("^local%s+([%w_]+)%s*=%s*{}")
      local global = line:match("^([%a_][%w_]*)%s*=%s*{}")
      local owner, sep, name, args = line:match("^function%s+([%w_]+)([.:])([%w_]+)%((.-)%)")
      if loc and block.class then
        class_of_local[loc] = block.class
      elseif global then
        if block.doc[1] then d.topics[global] = block.doc[1] end
        if block.type then
          globals_of_class[block.type] = globals_of_class[block.type] or {}
          table.insert(globals_of_class[block.type], global)
        end
      elseif owner and sep == "." then
        owners[#owners + 1] = { owner = owner, name = name, args = args, block = block }
      end
      reset()
      if not line:match("^%s*$") and not line:match("^%-%-") then class = nil end
    end
  end
  for _, f in ipairs(owners) do
    local names = class_of_local[f.owner] and globals_of_class[class_of_local[f.owner]] or { f.owner }
    for _, module in ipairs(names) do
      d.functions[module .. "." .. f.name] = f
    end
  end
  return d
end

local function definitions()
  described = described or read_definitions(S.definitions())
  return described
end

-- "task.map(items, fn[, options]) -> task.Summary", then the summary, the details, and
-- one line per parameter (a class's fields listed after its name).
local function render(full, f)
  local d = definitions()
  local args, optional = {}, false
  for _, p in ipairs(f.block.params) do
    local name = p.name:gsub("%?$", "")
    local opt = p.name:sub(-1) == "?"
    if opt and not optional then
      optional = true
      args[#args + 1] = (#args > 0 and "[, " or "[") .. name
    else
      args[#args + 1] = (#args > 0 and ", " or "") .. name
    end
  end
  local sig = full .. "(" .. table.concat(args) .. (optional and "]" or "") .. ")"
  local rets = {}
  for _, r in ipairs(f.block.returns) do rets[#rets + 1] = r.desc == "..." and r.type .. " ..." or r.type end
  if #rets > 0 then sig = sig .. " -> " .. table.concat(rets, ", ") end
  local lines = { sig }
  for _, doc in ipairs(f.block.doc) do lines[#lines + 1] = "  " .. doc end
  for _, p in ipairs(f.block.params) do
    local class = d.classes[p.type]
    local typ = class and #class.fields > 0 and p.type .. " { " .. table.concat(class.fields, ", ") .. " }" or p.type
    lines[#lines + 1] = "  " .. p.name .. ": " .. typ .. (p.desc ~= "" and " — " .. p.desc or "")
  end
  return table.concat(lines, "\n")
end

local function module_name_of(v)
  for _, name in ipairs(S.modules()) do
    if rawget(_G, name) == v then return name end
  end
end

local function describe(v)
  if entries[v] then return entries[v] end
  if type(v) ~= "function" then return nil end
  local d = definitions()
  for _, name in ipairs(S.modules()) do
    local t = rawget(_G, name)
    if type(t) == "table" then
      for k, f in next, t do
        local full = name .. "." .. tostring(k)
        if f == v and d.functions[full] then return render(full, d.functions[full]) end
      end
    end
  end
end

local function topic(name) return topics[name] or definitions().topics[name] end

local function show(v)
  if v == nil then
    local names, seen = {}, {}
    for _, name in ipairs(S.modules()) do
      if topic(name) then names[#names + 1], seen[name] = name, true end
    end
    for name in next, topics do if not seen[name] then names[#names + 1] = name end end
    table.sort(names)
    local lines = { "cogsh modules (help(module.function) describes a function):" }
    for _, name in ipairs(names) do lines[#lines + 1] = string.format("  %-8s %s", name, topic(name)) end
    return table.concat(lines, "\n")
  end
  local text = describe(v)
  if text then return text end
  local name = type(v) == "table" and module_name_of(v)
  if name then
    local fns = {}
    for k, f in next, v do if type(f) == "function" then fns[#fns + 1] = name .. "." .. k end end
    table.sort(fns)
    return name .. ": " .. (topic(name) or "") .. "\n  " .. table.concat(fns, "\n  ")
  end
  return "no help for this " .. type(v)
end

setmetatable(help, { __call = function(_, v) print(show(v)) end })
help.text = show
return help
