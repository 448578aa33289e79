-- stale-unconfirmed.lua: deletes the users who signed up more than DAYS days ago and
-- never confirmed (UNCONFIRMED). ListUsers cannot filter on the creation date, so the
-- candidates come from a snapshot, with one SQL query; each one is then checked and
-- deleted live (AdminGetUser, AdminDeleteUser), 16 at a time at the pool's quota.
--
--   cogsh -m backup POOL_ID pool.sqlite
--   cogsh --dry-run examples/stale-unconfirmed.lua pool.sqlite POOL_ID 30   # first: shows each delete, sends none
--   cogsh examples/stale-unconfirmed.lua pool.sqlite POOL_ID 30 [JOURNAL]
--
-- A candidate is deleted only if the pool still has it UNCONFIRMED with the sub the
-- snapshot recorded: it may have confirmed since, or been deleted and signed up again.
-- Each user done is written to JOURNAL (default: SNAPSHOT.stale-unconfirmed.journal),
-- so the same command after a crash or Ctrl-C goes on where it stopped; a dry run
-- writes no journal. Prints one line per candidate, tab-separated: username, created
-- (YYYY-MM-DD, UTC), e-mail, and what was done: deleted, would delete (--dry-run),
-- kept: now <STATUS>, kept: signed up again, or gone (deleted already). Then a summary
-- log line.
-- Exit status: 0 every candidate handled; 2 usage, a snapshot of another pool, or an
-- incomplete snapshot (nothing sent). Any other error stops the job, the deletes in
-- flight finishing, with cogsh's status for it (253 credentials, 254 a service error
-- such as missing permissions, 255 the network): fix it and run the same command.
local usage = "usage: cogsh [--dry-run] examples/stale-unconfirmed.lua SNAPSHOT POOL_ID DAYS [JOURNAL]\n"
local file, pool, days_text, journal = ...
local days = math.tointeger(tonumber(days_text or ""))
if not (file and pool and days and days >= 1) then
  io.stderr:write(usage)
  os.exit(2)
end

local db = snapshot.open(file)
-- Deleting by another pool's list would delete whoever has those usernames there.
if db.meta.pool_id ~= pool then
  io.stderr:write(("stale-unconfirmed: %s is a snapshot of %s, not of %s\n"):format(file, db.meta.pool_id, pool))
  os.exit(2)
end
if db.meta.complete ~= "1" then
  io.stderr:write(("stale-unconfirmed: %s is incomplete; run the same cogsh -m backup again to finish it\n"):format(file))
  os.exit(2)
end

-- A dry run's items would be journaled as done: the real run would then skip them all.
if cognito.dry_run then
  journal = nil
else
  journal = journal or (file .. ".stale-unconfirmed.journal")
end

local cutoff = os.time() - days * 86400
local candidates = db:query([[
SELECT u.username, u.sub, date(u.created, 'unixepoch') AS created,
       (SELECT a.value FROM attributes a WHERE a.username = u.username AND a.name = 'email') AS email
FROM users u
WHERE u.status = 'UNCONFIRMED' AND u.created < ?
ORDER BY u.created, u.username
]], cutoff)

local counts = { deleted = 0, kept = 0, gone = 0 }
local function report(row, outcome, count)
  counts[count] = counts[count] + 1
  print(table.concat({ row.username, row.created or "", row.email or "", outcome }, "\t"))
end

-- The answers a candidate can get are outcomes; any other error (permissions, the
-- network, the pool) stops the job: the deletes in flight finish and are journaled,
-- and the run exits with that error's status. The same command then goes on.
local function missing() return nil end
local s = task.map(candidates, function(row)
  local live = cognito.try(function()
    return cognito.admin_get_user{ UserPoolId = pool, Username = row.username }
  end, { UserNotFoundException = missing })
  if not live then return report(row, "gone", "gone") end
  if live.UserStatus ~= "UNCONFIRMED" then return report(row, "kept: now " .. tostring(live.UserStatus), "kept") end
  if live.UserAttributes.sub ~= row.sub then return report(row, "kept: signed up again", "kept") end
  local deleted = cognito.try(function()
    cognito.admin_delete_user{ UserPoolId = pool, Username = row.username }
    return true
  end, { UserNotFoundException = missing })   -- deleted by someone else meanwhile
  if not deleted then return report(row, "gone", "gone") end
  report(row, cognito.dry_run and "would delete" or "deleted", "deleted")
end, { workers = 16, journal = journal, label = "stale-unconfirmed" })
db:close()

log.info("stale-unconfirmed: %s %d, kept %d, gone %d, skipped %d (journaled) of the users unconfirmed for over %d days",
  cognito.dry_run and "would delete" or "deleted", counts.deleted, counts.kept, counts.gone, s.skipped, days)
