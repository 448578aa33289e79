-- verify-emails.lua: marks the e-mail address verified (email_verified = true) for
-- every user whose address starts with PREFIX, e.g. everyone at one company after
-- its domain was confirmed some other way. Users already verified are left alone.
--
--   cogsh examples/verify-emails.lua POOL_ID PREFIX
--   COGSH_POOL_ID=us-east-1_XXXX cogsh examples/verify-emails.lua PREFIX
--
-- Prints each user changed (username and address), then `verified=N`.
-- Try it first with --dry-run: the updates are shown on stderr, not sent.
local pool, prefix = ...
if prefix == nil then pool, prefix = os.getenv("COGSH_POOL_ID"), pool end
if not (pool and prefix) then
  io.stderr:write("usage: cogsh examples/verify-emails.lua POOL_ID EMAIL_PREFIX\n")
  os.exit(2)
end

-- A ListUsers filter is `attribute ^= "value"`; quotes and backslashes in the value
-- are escaped with a backslash.
local filter = string.format('email ^= "%s"', (prefix:gsub('[\\"]', "\\%0")))

local verified = 0
for user in cognito.each.list_users{ UserPoolId = pool, Filter = filter } do
  local attrs = user.Attributes   -- the list, which also answers by name
  if attrs.email_verified ~= "true" then
    cognito.admin_update_user_attributes{
      UserPoolId = pool,
      Username = user.Username,
      UserAttributes = { email_verified = true },
    }
    print(user.Username, attrs.email)
    verified = verified + 1
  end
end
print(string.format("verified=%d", verified))
