-- cogsh -m restore FILE POOL_ID [--dry-run] [--add-custom-attributes] [--no-groups]
-- cogsh -m restore FILE --create-pool NAME [--dry-run]
-- A snapshot's users back into a pool (the same one after a disaster, another one), or
-- into a new pool made from the snapshot's configuration (a clone). First it checks the
-- target and says what cannot be carried over, for whom (passwords, subs, TOTP,
-- federated links); --dry-run stops there, sending nothing that changes anything.
-- Killed or interrupted, the same command goes on where it stopped. Exit 0 when every
-- user was restored, 1 when some failed or differ (listed), 253 when refused before
-- anything was sent. Written with the public Lua API only: copy it (cogsh -m restore
-- --source) and change it.
local usage = "usage: cogsh -m restore FILE (POOL_ID | --create-pool NAME) [--dry-run] [--add-custom-attributes] [--no-groups]"

local opts, positional = { groups = true }, {}
local argv = { ... }
local i = 1
while i <= #argv do
  local a = argv[i]
  if a == "--dry-run" then opts.dry_run = true
  elseif a == "--add-custom-attributes" then opts.add_custom_attributes = true
  elseif a == "--no-groups" then opts.groups = false
  elseif a == "--create-pool" then opts.create_pool = argv[i + 1]; i = i + 1
  elseif a == "--help" or a == "-h" then print(usage) return
  elseif a:sub(1, 2) == "--" then io.stderr:write("cogsh -m restore: unknown option ", a, "\n", usage, "\n") os.exit(2)
  else positional[#positional + 1] = a end
  i = i + 1
end
local want = opts.create_pool and 1 or 2
if #positional ~= want or (argv[#argv] == "--create-pool") then
  io.stderr:write(usage, "\n")
  os.exit(2)
end
opts.file, opts.UserPoolId = positional[1], positional[2]

local s = snapshot.restore(opts)
if s.dry_run then return end
for _, f in ipairs(s.failures) do
  io.stderr:write(("failed\t%s\t%s\n"):format(f.key, tostring(f.error)))
end
for _, name in ipairs(s.differ) do
  io.stderr:write(("differs\t%s\texists in %s and differs from the snapshot: left alone\n"):format(name, s.UserPoolId))
end
if s.failed > 0 or #s.differ > 0 then os.exit(1) end
