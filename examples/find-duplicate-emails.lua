-- find-duplicate-emails.lua: the e-mail addresses that more than one user holds once
-- letter case is ignored (Alice@Example.com and alice@example.com), from a snapshot.
-- Cognito lets several users hold one address unless it is a verified sign-in alias,
-- and finding them live means listing every user; a snapshot answers in one query.
--
--   cogsh -m backup POOL_ID pool.sqlite
--   cogsh examples/find-duplicate-emails.lua pool.sqlite
--
-- Prints one line per user who shares an address, grouped by the address, oldest
-- user first, tab-separated:
--   address (lower case)  username  address as stored  status  enabled|disabled
--   verified|unverified  created (YYYY-MM-DD, UTC)
-- then logs how many addresses and users that is (stderr; JSON with --log-format json).
-- Exit status: 0 no duplicates, 1 some found (as diff(1): a cron job can alert on it),
-- 2 usage, 253 the file is missing or not a snapshot.
local file = ...
if not file or file == "-h" or file == "--help" then
  io.stderr:write("usage: cogsh examples/find-duplicate-emails.lua SNAPSHOT\n")
  os.exit(file and 0 or 2)
end

local db = snapshot.open(file)
if db.meta.complete ~= "1" then
  -- Still worth reading (what it holds is true), but say what it may miss.
  log.warn("%s is incomplete (started %s): users it lacks are not compared", file, db.meta.started_at)
end

-- SQLite's lower() folds A-Z only (as Lua's string.lower does), which is what
-- addresses need in practice; the index attributes_email_folded serves this grouping.
local sql = [[
WITH emails AS (
  SELECT username, value AS email, lower(value) AS folded FROM attributes WHERE name = 'email'
)
SELECT e.folded, e.username, e.email, u.status, u.enabled,
       (SELECT v.value FROM attributes v WHERE v.username = e.username AND v.name = 'email_verified') AS verified,
       date(u.created, 'unixepoch') AS created
FROM emails e JOIN users u ON u.username = e.username
WHERE e.folded IN (SELECT folded FROM emails GROUP BY folded HAVING count(*) > 1)
ORDER BY e.folded, u.created, e.username
]]

local addresses, users, last = 0, 0, nil
for row in db:query(sql) do
  if row.folded ~= last then addresses, last = addresses + 1, row.folded end
  users = users + 1
  print(table.concat({
    row.folded, row.username, row.email, row.status or "",
    row.enabled == 1 and "enabled" or "disabled",
    row.verified == "true" and "verified" or "unverified",
    row.created or "",
  }, "\t"))
end
db:close()

log.info("find-duplicate-emails: %d address%s shared by %d users (snapshot of %s taken %s)",
  addresses, addresses == 1 and "" or "es", users, db.meta.pool_id, db.meta.finished_at or db.meta.started_at)
if addresses > 0 then os.exit(1) end
