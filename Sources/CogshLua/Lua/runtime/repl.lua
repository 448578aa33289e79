-- The REPL's Lua half: how results print (tables pretty-printed with sorted keys and a
-- depth limit; strings as they are, as lua.c prints them) and what Tab offers.
local MAX_DEPTH, WIDTH = 4, 72
local function is_ident(k) return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil end
local order = { number = 1, string = 2 }
local function key_less(a, b)
  local ta, tb = order[type(a)] or 3, order[type(b)] or 3
  if ta ~= tb then return ta < tb end
  if ta == 3 then return tostring(a) < tostring(b) end
  return a < b
end
local function scalar(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end
-- A timestamp (UserCreateDate = 1796530182.084) gets its date as a comment, for the
-- person at the prompt; the value printed is the value scripts see.
local function date_note(k, v)
  if type(k) ~= "string" or math.type(v) == nil or not (k:find("Date$") or k:find("Time$")) then return nil end
  if v < 1e8 or v >= 1e11 then return nil end
  return os.date("!%Y-%m-%d %H:%M:%S UTC", math.floor(v))
end

local function render(v, depth, seen, indent)
  if type(v) ~= "table" then return scalar(v) end
  local mt = getmetatable(v)
  if type(mt) == "table" and rawget(mt, "__tostring") then return tostring(v) end
  if seen[v] then return "<cycle>" end
  if depth >= MAX_DEPTH then return "{...}" end
  seen[v] = true
  local n, parts, keys, notes = #v, {}, {}, {}
  for i = 1, n do parts[#parts + 1] = render(rawget(v, i), depth + 1, seen, indent .. "  ") end
  for k in next, v do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, key_less)
  for _, k in ipairs(keys) do
    local name = is_ident(k) and k or "[" .. scalar(k) .. "]"
    parts[#parts + 1] = name .. " = " .. render(rawget(v, k), depth + 1, seen, indent .. "  ")
    notes[#parts] = date_note(k, rawget(v, k))
  end
  seen[v] = nil
  if #parts == 0 then return "{}" end
  local one = "{ " .. table.concat(parts, ", ") .. " }"
  if #one <= WIDTH and not one:find("\n") and next(notes) == nil then return one end
  -- One per line; a line with a note keeps its comma before the comment (Lua allows a
  -- trailing one), so what is printed still reads as a table constructor.
  local lines = {}
  for i, part in ipairs(parts) do
    local comma = (i < #parts or notes[i]) and "," or ""
    lines[i] = indent .. "  " .. part .. comma .. (notes[i] and " -- " .. notes[i] or "")
  end
  return "{\n" .. table.concat(lines, "\n") .. "\n" .. indent .. "}"
end
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = type(v) == "table" and render(v, 0, {}, "") or tostring(v)
  end
  io.stdout:write(table.concat(out, "\t"), "\n")
end
local function complete(word)
  local prefix, sep, partial = word:match("^(.-)([.:]?)([%w_]*)$")
  if not prefix then return {} end
  local t = _G
  if sep ~= "" then
    for part in prefix:gmatch("[^.:]+") do
      if type(t) ~= "table" then return {} end
      t = rawget(t, part)
    end
    if sep == ":" then
      local mt = getmetatable(t)
      t = type(mt) == "table" and rawget(mt, "__index") or nil
    end
  else
    prefix = ""
  end
  if type(t) ~= "table" then return {} end
  local out, seen = {}, {}
  local function offer(k)
    if is_ident(k) and not seen[k] and k:sub(1, #partial) == partial then
      seen[k] = true
      out[#out + 1] = prefix .. sep .. k
    end
  end
  for k in next, t do offer(k) end
  -- Modules that make their functions on first use (cognito) list them through __names.
  local mt = getmetatable(t)
  if type(mt) == "table" and type(rawget(mt, "__names")) == "function" then
    for _, k in ipairs(mt.__names()) do offer(k) end
  end
  table.sort(out)
  return out
end
return { show = show, complete = complete }
