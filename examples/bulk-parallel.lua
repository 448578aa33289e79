-- bulk-parallel.lua: gives every user of a pool who has no tier the tier "standard",
-- many users at once, at the pool's quota (UserUpdate: 25 a second), resumable.
--
--   cogsh examples/bulk-parallel.lua POOL_ID [JOURNAL]
--
-- The users come from cognito.each.list_users, page by page as the workers need them.
-- With a JOURNAL path, every user done is written to it; run the same command again
-- after a crash, a deploy or Ctrl-C and the job goes on where it stopped, repeating at
-- most the few users that were in flight. A user that fails is logged and retried by
-- the next run. Prints: updated=N unchanged=M failed=F skipped=S, and exits 1 when a
-- user failed.
local pool, journal = ...
if not pool then
  io.stderr:write("usage: cogsh examples/bulk-parallel.lua POOL_ID [JOURNAL]\n")
  os.exit(2)
end

local unchanged = 0
local s = task.map(cognito.each.list_users{ UserPoolId = pool }, function(user)
  -- A user's attribute list also answers by name.
  if user.Attributes["custom:tier"] then
    unchanged = unchanged + 1
    return
  end
  cognito.admin_update_user_attributes{ UserPoolId = pool, Username = user.Username,
    UserAttributes = { ["custom:tier"] = "standard" } }
end, { workers = 16, journal = journal, errors = "continue", label = "tiers" })

print(("updated=%d unchanged=%d failed=%d skipped=%d"):format(s.done - unchanged, unchanged, s.failed, s.skipped))
if s.failed > 0 then os.exit(1) end
