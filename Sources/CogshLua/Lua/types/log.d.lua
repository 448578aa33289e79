---Log lines on stderr (text, or JSON with --log-format json): debug, info, warn, error.
log = {}

---"text" or "json" (--log-format): scripts that write their own lines can match it.
---@type "text"|"json"
log.format = "text"

---One debug line on stderr (shown with --verbose), formatted by string.format.
---@param fmt any
---@param ... any
function log.debug(fmt, ...) end

---One info line on stderr, formatted by string.format.
---@param fmt any
---@param ... any
function log.info(fmt, ...) end

---One warning line on stderr, formatted by string.format.
---@param fmt any
---@param ... any
function log.warn(fmt, ...) end

---One error line on stderr, formatted by string.format.
---@param fmt any
---@param ... any
function log.error(fmt, ...) end
