-- nightly-maintenance.lua: an unattended job for cron (see docs/CRON.md). Walks
-- every user of the pool and lowers the case of e-mail addresses, updating only the
-- users whose address changes. A verified address stays verified (email_verified is
-- sent along), so nobody gets a verification message.
--
--   cogsh --lock /run/cogsh-nightly.lock --log-format json --timeout 1800 \
--     examples/nightly-maintenance.lua POOL_ID
--
-- Logs one line per change and per failure (log.info / log.warn; JSON lines with
-- --log-format json) and a closing summary. A user that cannot be updated is logged
-- and counted, and the run goes on; at the end the job exits 1 if any user failed.
-- Errors about the whole run (credentials, network, the pool itself) end it at once
-- with their own exit status.
local pool = ... or os.getenv("COGSH_POOL_ID")
if not pool then
  io.stderr:write("usage: cogsh examples/nightly-maintenance.lua POOL_ID\n")
  os.exit(2)
end

local fatal = {
  CredentialsError = true, ConfigError = true, NetworkError = true, TimeoutError = true,
  NotAuthorizedException = true, ResourceNotFoundException = true,
}

local checked, changed, failed = 0, 0, 0
log.info("nightly: start pool=%s", pool)

for user in cognito.each.list_users{ UserPoolId = pool } do
  checked = checked + 1
  local attrs = user.Attributes   -- the list, which also answers by name
  local email = attrs.email
  if email and email:lower() ~= email then
    local update = { email = email:lower() }
    if attrs.email_verified == "true" then update.email_verified = true end
    local ok, err = pcall(cognito.admin_update_user_attributes, {
      UserPoolId = pool, Username = user.Username, UserAttributes = update,
    })
    if ok then
      changed = changed + 1
      log.info("nightly: %s email %s -> %s", user.Username, email, update.email)
    elseif type(err) == "table" and not fatal[err.code] then
      failed = failed + 1
      log.warn("nightly: %s email %s not changed: %s", user.Username, email, tostring(err))
    else
      error(err, 0)
    end
  end
end

log.info("nightly: done pool=%s checked=%d changed=%d failed=%d", pool, checked, changed, failed)
if failed > 0 then os.exit(1) end
