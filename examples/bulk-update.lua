-- bulk-update.lua: updates users from a CSV file with the columns
--
--   username,email,tier
--
-- `username` is the name the user signs in with; `email`, when not empty and not
-- the same as `username`, becomes the user's new address; `tier` goes into the custom
-- attribute custom:tier. Every address is marked verified (email_verified = true), so
-- Cognito sends no verification message.
--
--   cogsh examples/bulk-update.lua POOL_ID users.csv
--   COGSH_POOL_ID=us-east-1_XXXX cogsh examples/bulk-update.lua users.csv
--
-- Prints one summary line on stdout: updated=N missing=M conflicts=K failed=F, and
-- exits 1 when any row failed. A missing user or an address that belongs to someone
-- else is reported (log.warn) and counted, not fatal.
local pool, path = ...
if path == nil then pool, path = os.getenv("COGSH_POOL_ID"), pool end
if not (pool and path) then
  io.stderr:write("usage: cogsh examples/bulk-update.lua POOL_ID users.csv\n")
  os.exit(2)
end

-- Errors that say nothing about one row but about the whole run: stop at once.
local fatal = {
  CredentialsError = true, ConfigError = true, NetworkError = true, TimeoutError = true,
  NotAuthorizedException = true, ResourceNotFoundException = true,
}

local counts = { updated = 0, missing = 0, conflicts = 0, failed = 0 }

for row in csv.rows(path) do
  local attributes = { email_verified = true }
  if row.email ~= "" and row.email ~= row.username then attributes.email = row.email end
  if row.tier ~= "" then attributes["custom:tier"] = row.tier end

  cognito.try(function()
    cognito.admin_update_user_attributes{
      UserPoolId = pool,
      Username = row.username,
      UserAttributes = attributes,
    }
    counts.updated = counts.updated + 1
  end, {
    UserNotFoundException = function()
      log.warn("no such user: %s", row.username)
      counts.missing = counts.missing + 1
    end,
    AliasExistsException = function()
      log.warn("%s: %s already belongs to another user", row.username, row.email)
      counts.conflicts = counts.conflicts + 1
    end,
    default = function(err)
      if type(err) ~= "table" or fatal[err.code] then error(err, 0) end
      log.error("%s: %s", row.username, tostring(err))
      counts.failed = counts.failed + 1
    end,
  })
end

print(string.format("updated=%d missing=%d conflicts=%d failed=%d",
  counts.updated, counts.missing, counts.conflicts, counts.failed))
if counts.failed > 0 then os.exit(1) end
