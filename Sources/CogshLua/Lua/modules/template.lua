-- The Lua half of the `template` module: a small logic-less template language for the
-- pages cogsh writes (the pool report), with every value HTML-escaped on the way out.
--   {{name}} {{a.b}} {{.}}       a value, escaped (a missing one is an error: typos show)
--   {{#if x}}…{{else}}…{{/if}}  false, nil and an empty list are false; 0 and "" are true
--   {{#each list}}…{{/each}}    once per item; names look in the item, then outwards;
--                               {{@index}} (from 1), {{@first}}, {{@last}} inside
--   {{#with x}}…{{/with}}       x as the innermost scope
--   {{> name}}                  another template (a built-in one, or options.partials[name])
--   {{! comment }}
-- A line holding only a block tag, a comment or a partial leaves no blank line behind.
-- S is the Swift half (TemplateModule.swift): built-in templates, private files, errors.
local S = ...
local type, tostring, error, concat = type, tostring, error, table.concat
local math_type, format, floor = math.type, string.format, math.floor

local template = {}

local ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

-- Text safe inside HTML elements and quoted attributes.
function template.escape(value)
  return (tostring(value):gsub("[&<>\"']", ESCAPES))
end

function template.builtin(name)
  if type(name) ~= "string" then
    error(S.error("ValidationError", "template.builtin: expected a template name (a string), got a " .. type(name), "name"), 2)
  end
  local text = S.builtin(name)
  if text == nil then
    error(S.error("ValidationError", "template.builtin: no built-in template named '" .. name .. "'", "name"), 2)
  end
  return text
end

function template.write(path, text)
  if type(path) ~= "string" or type(text) ~= "string" then
    error(S.error("ValidationError", "template.write: expected a path and the text to write (two strings)", "path"), 2)
  end
  return S.write(path, text)
end

-- ---------------------------------------------------------------- parsing

local BLOCKS = { ["if"] = true, each = true, with = true }

local function fail(name, line, message)
  error(S.error("ParseError", ("template %s:%d: %s"):format(name, line, message)), 0)
end

-- The template as a tree: strings, and tables { kind, path, line, body, alt } for tags.
local function parse(text, name)
  local root = { kind = "root", body = {} }
  local stack, node = {}, root
  local pos, line, line_pos, emitted = 1, 1, 1, 1
  local function count_lines(upto)
    while true do
      local nl = text:find("\n", line_pos, true)
      if not nl or nl >= upto then break end
      line, line_pos = line + 1, nl + 1
    end
  end
  while true do
    local open = text:find("{{", pos, true)
    if not open then break end
    count_lines(open)
    local close = text:find("}}", open + 2, true)
    if not close then fail(name, line, "a tag is opened with {{ and never closed") end
    local inner = text:sub(open + 2, close - 1):match("^%s*(.-)%s*$")
    local sigil, rest = inner:sub(1, 1), inner:sub(2):match("^%s*(.-)$")
    local kind, arg
    if sigil == "#" then kind, arg = rest:match("^(%a+)%s*(.-)$")
    elseif sigil == "/" then kind = "end"; arg = rest
    elseif sigil == ">" then kind, arg = "partial", rest
    elseif sigil == "!" then kind = "comment"
    elseif inner == "else" then kind = "else"
    else kind, arg = "value", inner end
    if kind == nil or (BLOCKS[kind] == nil and sigil == "#") then
      fail(name, line, "unknown block {{" .. inner .. "}} (the blocks are #if, #each, #with)")
    end
    if (kind ~= "comment" and kind ~= "else") and (arg == nil or arg == "") then
      fail(name, line, "{{" .. inner .. "}} needs a name")
    end
    -- A tag alone on its line (other than a value) takes the line with it.
    local before, after = text:sub(line_pos, open - 1), close + 2
    local stop = after
    if kind ~= "value" and line_pos >= emitted and not before:find("%S") then
      local eol = text:match("^[ \t]*\r?\n()", after) or (not text:find("%S", after) and #text + 1)
      if eol then open, stop = line_pos, eol end
    end
    if open > pos then node.body[#node.body + 1] = text:sub(pos, open - 1) end
    if kind == "value" or kind == "partial" then
      node.body[#node.body + 1] = { kind = kind, path = arg, line = line }
    elseif BLOCKS[kind] then
      local child = { kind = kind, path = arg, line = line, body = {} }
      node.body[#node.body + 1] = child
      stack[#stack + 1], node = node, child
    elseif kind == "else" then
      if node.kind ~= "if" then fail(name, line, "{{else}} outside an {{#if}}") end
      if node.alt then fail(name, line, "a second {{else}} in one {{#if}}") end
      node.alt = {}
      node.body, node.main = node.alt, node.body
    elseif kind == "end" then
      if node.kind ~= arg then
        fail(name, line, "{{/" .. arg .. "}} closes " .. (node.kind == "root" and "nothing" or "{{#" .. node.kind .. "}}"))
      end
      if node.alt then node.body = node.main end
      node, stack[#stack] = stack[#stack], nil
    end
    pos, emitted = stop, stop
  end
  if node ~= root then fail(name, node.line, "{{#" .. node.kind .. " " .. node.path .. "}} is never closed") end
  if pos <= #text then root.body[#root.body + 1] = text:sub(pos) end
  return root.body
end

-- Parsed templates by text: a page and its partials are parsed once however often a
-- loop includes them. Bounded, since scripts may render many different texts.
local cache, cached = {}, 0
local function compiled(text, name)
  local tree = cache[text]
  if not tree then
    tree = parse(text, name)
    if cached >= 64 then cache, cached = {}, 0 end
    cache[text], cached = tree, cached + 1
  end
  return tree
end

-- ---------------------------------------------------------------- rendering

-- Numbers as people read them: integers without ".0", others with at most 2 decimals.
local function text_of(v)
  if math_type(v) == "integer" then return format("%d", v) end
  if type(v) == "number" then
    if v == floor(v) and v > -1e15 and v < 1e15 then return format("%d", floor(v)) end
    return (format("%.2f", v):gsub("%.?0+$", ""))
  end
  return tostring(v)
end

local function lookup(scopes, path)
  if path == "." then return scopes[#scopes], true end
  local head, tail = path:match("^([^.]+)(.*)$")
  local value, found
  if head:sub(1, 1) == "@" then
    local frame = scopes.frames[#scopes.frames]
    if frame then value, found = frame[head], true end
  else
    for i = #scopes, 1, -1 do
      local scope = scopes[i]
      if type(scope) == "table" and scope[head] ~= nil then value, found = scope[head], true; break end
    end
  end
  for key in tail:gmatch("%.([^.]+)") do
    if type(value) ~= "table" then return nil, false end
    value = value[key]
    found = value ~= nil
  end
  return value, found
end

local function truthy(v)
  if type(v) == "table" then return next(v) ~= nil end
  return v ~= nil and v ~= false
end

local render_body

local function render_node(n, scopes, out, ctx)
  if type(n) == "string" then out[#out + 1] = n; return end
  local kind = n.kind
  if kind == "partial" then
    local text = ctx.partials and ctx.partials[n.path] or S.builtin(n.path)
    if not text then fail(ctx.name, n.line, "no template named '" .. n.path .. "' for {{> " .. n.path .. "}}") end
    if ctx.depth > 50 then fail(ctx.name, n.line, "templates include each other more than 50 deep") end
    local outer = ctx.name
    ctx.name, ctx.depth = n.path, ctx.depth + 1
    render_body(compiled(text, n.path), scopes, out, ctx)
    ctx.name, ctx.depth = outer, ctx.depth - 1
    return
  end
  local value, found = lookup(scopes, n.path)
  if kind == "value" then
    if not found then
      error(S.error("ValidationError", ("template %s:%d: no value named '%s'"):format(ctx.name, n.line, n.path), n.path), 0)
    end
    if type(value) == "table" then
      error(S.error("ValidationError", ("template %s:%d: '%s' is a table, not a value to print"):format(ctx.name, n.line, n.path),
        n.path), 0)
    end
    out[#out + 1] = (text_of(value):gsub("[&<>\"']", ESCAPES))
  elseif kind == "if" then
    local body = truthy(value) and (n.main or n.body) or n.alt
    if body then render_body(body, scopes, out, ctx) end
  elseif kind == "with" then
    if truthy(value) then
      scopes[#scopes + 1] = value
      render_body(n.body, scopes, out, ctx)
      scopes[#scopes] = nil
    end
  elseif kind == "each" then
    if value == nil then return end
    if type(value) ~= "table" then
      error(S.error("ValidationError", ("template %s:%d: {{#each %s}} needs a list, got a %s"):format(ctx.name, n.line, n.path,
        type(value)), n.path), 0)
    end
    local count, frames = #value, scopes.frames
    for i = 1, count do
      frames[#frames + 1] = { ["@index"] = i, ["@first"] = i == 1, ["@last"] = i == count }
      scopes[#scopes + 1] = value[i]
      render_body(n.body, scopes, out, ctx)
      scopes[#scopes], frames[#frames] = nil, nil
    end
  end
end

function render_body(body, scopes, out, ctx)
  for i = 1, #body do render_node(body[i], scopes, out, ctx) end
end

function template.render(text, values, options)
  if type(text) ~= "string" then
    error(S.error("ValidationError", "template.render: expected the template's text (a string), got a " .. type(text), "text"), 2)
  end
  if values ~= nil and type(values) ~= "table" then
    error(S.error("ValidationError", "template.render: values must be a table, got a " .. type(values), "values"), 2)
  end
  local name = options and options.name or "text"
  local out = {}
  render_body(compiled(text, name), { values or {}, frames = {} }, out,
    { name = name, depth = 0, partials = options and options.partials })
  return concat(out)
end

return template
