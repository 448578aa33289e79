---JSON text and Lua values: encode, decode, null, array.
json = {}

---The JSON null sentinel.
json.null = {}

---Encodes a value as JSON text.
---Keys sorted; {} is an object unless json.array marks it; NaN, cycles and invalid UTF-8 raise ValidationError.
---@param value any
---@param options? { pretty?: boolean }
---@return string
function json.encode(value, options) end

---Decodes JSON text.
---Arrays get the json.array metatable, null is json.null; bad text raises ParseError with .position.
---@param text string
---@return any
function json.decode(text) end

---Marks t (or a new table) as a JSON array and returns it, so an empty one encodes as [].
---@param t? table
---@return table
function json.array(t) end
