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

-- Text fields escape what would break a line or a column (booleans read true/false;
-- in JSON they stay booleans).
local function text(v)
  if v == nil then return "" end
  return (tostring(v):gsub("[\\\t\n\r]", { ["\\"] = "\\\\", ["\t"] = "\\t", ["\n"] = "\\n", ["\r"] = "\\r" }))
end

local count = 0
local function line(username, field, before, after)
  count = count + 1
  if log.format == "json" then
    print(json.encode({ username = username, field = field, before = before, after = after }))
  else
    print(table.concat({ text(username), field, text(before), text(after) }, "\t"))
  end
end

for d in snapshot.diff(args[1], args[2], { key = key }) do
  if d.change == "added" then
    line(d.username, "user", "absent", "present")
  elseif d.change == "removed" then
    line(d.username, "user", "present", "absent")
  else
    local names = {}
    for name in pairs(d.attributes or {}) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      line(d.username, "attributes." .. name, d.attributes[name].before, d.attributes[name].after)
    end
    if d.enabled then line(d.username, "enabled", d.enabled.before, d.enabled.after) end
    if d.status then line(d.username, "status", d.status.before, d.status.after) end
    if d.groups then
      line(d.username, "groups", "-" .. table.concat(d.groups.removed, ","), "+" .. table.concat(d.groups.added, ","))
    end
  end
end
log.info("diff: %d difference%s", count, count == 1 and "" or "s")
os.exit(count == 0 and 0 or 1)
