-- cogsh -m verify FILE POOL_ID: compares a pool as it is now with a snapshot (a fresh
-- listing at the quota), leaving out what a restore cannot carry over: new subs, the
-- FORCE_CHANGE_PASSWORD status restored users come back in, federated users and links.
-- One line per difference on stdout (username<TAB>field<TAB>before<TAB>after, as -m
-- diff; a group's line has an empty username and the field group:NAME), JSON objects
-- under --log-format json. Exit 0 when the pool matches, 1 when it does not: a restore
-- is done when verify is clean.
-- Written with the public Lua API only: copy it (cogsh -m verify --source) and change it.
local usage = "usage: cogsh -m verify FILE POOL_ID"
local file, pool = ...
if file == "--help" or file == "-h" then print(usage) return end
if not file or not pool or select("#", ...) ~= 2 then
  io.stderr:write(usage, "\n")
  os.exit(2)
end

local ok, differences = snapshot.verify(file, pool)
snapshot.print_differences(differences)
os.exit(ok and 0 or 1)
