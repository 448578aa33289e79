-- cogsh -m query FILE SQL [VALUE...]: runs a read-only SQL query over a snapshot and
-- writes the rows as CSV with a header to stdout (the values bind the query's ?).
-- Example: cogsh -m query pool.sqlite "SELECT status, count(*) AS n FROM users GROUP BY status"
-- Written with the public Lua API only: copy it (cogsh -m query --source) and change it.
local usage = "usage: cogsh -m query FILE SQL [VALUE...]"
local file, sql = ...
if file == "--help" or file == "-h" then print(usage) return end
if not file or not sql then
  io.stderr:write(usage, "\n")
  os.exit(2)
end

-- A CSV field: quoted when it holds a quote, a comma or a line break (RFC 4180).
local function field(v)
  if v == nil then return "" end
  local s = tostring(v)
  if s:find('[",\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function record(values) io.write(table.concat(values, ","), "\r\n") end

local db = snapshot.open(file)
local columns = db:columns(sql)
local names = {}
for i, name in ipairs(columns) do names[i] = field(name) end
record(names)   -- the header, even when no row matches
for row in db:query(sql, select(3, ...)) do
  local values = {}
  for i, name in ipairs(columns) do values[i] = field(row[name]) end
  record(values)
end
db:close()
