-- What a user's traceback shows of cogsh itself: nothing but the API function the
-- script called. cogsh's own Lua chunks are named `[cogsh] file.lua`; a run of their
-- frames (with the C functions they call) becomes one line, `[C]: in function
-- 'task.map'`, as a C library function of lua.c would read. LuaHost runs every
-- traceback through the function this returns (text in, text out); with --verbose it
-- is not installed, and tracebacks show cogsh's frames too.
local MARK = ...
local find, sub = string.find, string.sub
local function host(line) return sub(line, 2, #MARK + 1) == MARK end
local function c(line) return sub(line, 2, 5) == "[C]:" end
local function tail(line) return line == "\t(...tail calls...)" end
return function(text)
  local tb = "\n" .. text   -- a traceback without a message starts with its heading
  -- Only the last traceback: a message may carry another (a task's error).
  local at, from = nil, 1
  while true do
    local s, e = find(tb, "\nstack traceback:", from, true)
    if not s then break end
    at, from = e, e + 1
  end
  if not at then return text end
  local head, frames = sub(tb, 2, at), {}
  for line in (sub(tb, at + 1) .. "\n"):gmatch("\n([^\n]*)") do frames[#frames + 1] = line end
  if frames[#frames] == "" then frames[#frames] = nil end
  local out, i, mine, hidden = {}, 1, false, false
  while i <= #frames do
    -- A run: C and tail-call lines that lead into a host line, host lines, and what follows them.
    local j, last = i, nil
    while j <= #frames do
      local line = frames[j]
      if host(line) then
        last, j = line, j + 1
      elseif c(line) or tail(line) then
        local k = j
        while k <= #frames and (c(frames[k]) or tail(frames[k])) do k = k + 1 end
        if (k <= #frames and host(frames[k])) or (last and tail(line)) then j = j + 1 else break end
      else
        break
      end
    end
    if last then
      local what = last:match(": in (.*)$") or "?"
      if what:find("^function <") then what = "?" end
      out[#out + 1] = "\t[C]: in " .. what
      i, hidden = j, true
    else
      out[#out + 1] = frames[i]
      mine = mine or not (c(frames[i]) or tail(frames[i]))
      i = i + 1
    end
  end
  -- Raised by cogsh itself with no frame of the script's (a task's error reported
  -- when the chunk ends, a REPL line whose call was a tail call), or nothing left to
  -- show: the message, with any traceback of its own, says it all; no empty heading.
  if (hidden and not mine) or #out == 0 then
    local message = sub(head, 1, #head - #"stack traceback:")
    return (message:gsub("\n$", ""))
  end
  return head .. "\n" .. table.concat(out, "\n")
end
