-- `log.debug/info/warn/error(fmt, ...)`: printf-style through Lua's own string.format,
-- so `%s`, `%d` and `%q` mean what a Lua programmer expects. `emit` writes a finished
-- line through the run's logger; `enabled` says whether a level is shown.
local emit, enabled = ...
local log = {}
local format, select, tostring = string.format, select, tostring
for _, level in ipairs({ "debug", "info", "warn", "error" }) do
  log[level] = function(fmt, ...)
    if not enabled(level) then return end
    local msg
    if select("#", ...) == 0 then msg = tostring(fmt) else msg = format(fmt, ...) end
    emit(level, msg)
  end
end
return log
