-- scripts/bench section 6 (bulk): N users read or updated with task.map against the stand-in.
-- usage: cogsh --endpoint-url URL bulk.lua read|update N POOL WORKERS
-- START / END markers around the job (the driver times it alone), then one counters line.
local mode, n, pool, workers = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])
local users = {}
for i = 1, n do users[i] = "user" .. i end
local call = mode == "read"
  and function(u) cognito.admin_get_user{ UserPoolId = pool, Username = u } end
  or function(u) cognito.admin_update_user_attributes{ UserPoolId = pool, Username = u,
       UserAttributes = { ["custom:n"] = "1" } } end
io.write("START\n"); io.stdout:flush()
local s = task.map(users, call, { workers = workers, errors = "continue", progress = false })
io.write("END\n"); io.stdout:flush()
io.write(string.format("ok=%d failed=%d\n", s.done, s.failed))
