-- users-by-custom-attribute.lua: the users whose attribute has a value, or a value
-- matching a pattern, from a snapshot. ListUsers' Filter takes a few standard
-- attributes only, never a custom one: live, this means listing every user.
--
--   cogsh -m backup POOL_ID pool.sqlite
--   cogsh examples/users-by-custom-attribute.lua pool.sqlite custom:tier            # any value
--   cogsh examples/users-by-custom-attribute.lua pool.sqlite custom:tier gold       # exactly "gold" (any case)
--   cogsh examples/users-by-custom-attribute.lua pool.sqlite custom:tier 'gold%'    # starting with "gold"
--
-- PATTERN is an SQL LIKE pattern: % stands for any text, _ for one character, and
-- letters A-Z match either case. Any attribute works (email '%@example.org' too).
-- Prints one line per user, in username order, tab-separated: username, the value,
-- e-mail, status, groups (comma-separated); then logs the count (stderr).
-- Exit status: 0 some users found, 1 none (as grep), 2 usage, 253 the file is missing
-- or not a snapshot.
local usage = "usage: cogsh examples/users-by-custom-attribute.lua SNAPSHOT ATTRIBUTE [PATTERN]\n"
local file, name, pattern = ...
if not (file and name) then
  io.stderr:write(usage)
  os.exit(2)
end

local db = snapshot.open(file)
if db.meta.complete ~= "1" then
  log.warn("%s is incomplete (started %s): users it lacks are not searched", file, db.meta.started_at)
end

-- The condition runs in SQLite over the users table (the index on attributes(name,
-- value) finds the rows); the users come back shaped as ListUsers gives them.
local condition = "username IN (SELECT username FROM attributes WHERE name = ? AND value <> '' AND value LIKE ?)"
local found = 0
for user in db:users(condition, name, pattern or "%") do
  found = found + 1
  print(table.concat({
    user.Username, user.Attributes[name], user.Attributes.email or "", user.UserStatus or "",
    table.concat(user.Groups, ","),
  }, "\t"))
end

if found == 0 then
  -- The usual slip: custom attributes are named with their prefix.
  local prefixed = "custom:" .. name
  local row = not name:find(":", 1, true) and db:query("SELECT 1 AS hit FROM attributes WHERE name = ? LIMIT 1", prefixed)()
  if row then log.warn("no user has %s; custom attributes are named with their prefix: %s", name, prefixed) end
end
db:close()

log.info("users-by-custom-attribute: %d user%s with %s%s", found, found == 1 and "" or "s", name,
  pattern and (" like '" .. pattern .. "'") or "")
if found == 0 then os.exit(1) end
