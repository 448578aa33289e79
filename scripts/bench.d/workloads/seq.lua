-- scripts/bench sections 3 and 5 (sequential, pacing): N sequential
-- AdminUpdateUserAttributes calls in one process.
-- usage: cogsh --endpoint-url URL seq.lua N POOL USER
-- Prints "START" and "END" (flushed) around the loop, so the driver times the loop alone,
-- then one line "ok=<n> failed=<n> throttled_errors=<n> retries=<n>".
-- Each call is wrapped in pcall: a failed item is one whose call finally raised.
local n, pool, user = tonumber(arg[1]), arg[2], arg[3]
local update = cognito.admin_update_user_attributes
local ok_n, failed, throttled, retries = 0, 0, 0, 0
io.write("START\n"); io.stdout:flush()
for i = 1, n do
  local ok, res = pcall(update, {
    UserPoolId = pool,
    Username = user,
    UserAttributes = {
      { Name = "email", Value = "user" .. i .. "@example.com" },
      { Name = "email_verified", Value = "true" },
    },
  })
  if ok then
    ok_n = ok_n + 1
    retries = retries + ((res.ResponseMetadata or {}).RetryAttempts or 0)
  else
    failed = failed + 1
    if type(res) == "table" and res.code == "TooManyRequestsException" then throttled = throttled + 1 end
  end
end
io.write("END\n"); io.stdout:flush()
io.write(string.format("ok=%d failed=%d throttled_errors=%d retries=%d\n", ok_n, failed, throttled, retries))
