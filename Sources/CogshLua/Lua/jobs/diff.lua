-- cogsh -m diff OLD NEW [--key ATTRIBUTE]: what changed between two snapshots, one line
-- per difference on stdout: username<TAB>field<TAB>before<TAB>after, where field is
-- attributes.<name>, enabled, status, groups, or user (added or removed). Under
-- --log-format json each line is that record as a JSON object. Exit 0 when there is no
-- difference, 1 when there are (as diff(1)).
-- Written with the public Lua API only: copy it (cogsh -m diff --source) and change it.
local usage = "usage: cogsh -m diff OLD NEW [--key ATTRIBUTE]"

local args, key = {}, nil
local argv = { ... }
local i = 1
while i <= #argv do
  local a = argv[i]
  if a == "--key" then key = argv[i + 1]; i = i + 1
  elseif a == "--help" or a == "-h" then print(usage) return
  else args[#args + 1] = a end
  i = i + 1
end
if #args ~= 2 or (argv[#argv] == "--key" and not key) then
  io.stderr:write(usage, "\n")
  os.exit(2)
end

local count = snapshot.print_differences(snapshot.diff(args[1], args[2], { key = key }))
log.info("diff: %d difference%s", count, count == 1 and "" or "s")
os.exit(count == 0 and 0 or 1)
