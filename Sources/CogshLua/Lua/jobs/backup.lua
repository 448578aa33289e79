-- cogsh -m backup POOL_ID FILE [--details] [--overwrite]: a whole user pool into one
-- SQLite file (users, attributes, groups, memberships, the pool's configuration), at
-- the UserList quota. Killed or interrupted, the same command goes on where it stopped;
-- on a complete file it refuses unless --overwrite, which replaces the file atomically.
-- Written with the public Lua API only: copy it (cogsh -m backup --source) and change it.
local usage = "usage: cogsh -m backup POOL_ID FILE [--details] [--overwrite]"

local positional, flags = {}, { details = false, overwrite = false }
for _, a in ipairs({ ... }) do
  if a == "--details" then flags.details = true
  elseif a == "--overwrite" then flags.overwrite = true
  elseif a == "--help" or a == "-h" then print(usage) return
  elseif a:sub(1, 2) == "--" then io.stderr:write("cogsh -m backup: unknown option ", a, "\n", usage, "\n") os.exit(2)
  else positional[#positional + 1] = a end
end
if #positional ~= 2 then
  io.stderr:write(usage, "\n")
  os.exit(2)
end

snapshot.take{ UserPoolId = positional[1], file = positional[2], details = flags.details, overwrite = flags.overwrite }
