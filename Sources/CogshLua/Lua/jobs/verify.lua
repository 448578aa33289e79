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

local function text(v)
  if v == nil then return "" end
  return (tostring(v):gsub("[\\\t\n\r]", { ["\\"] = "\\\\", ["\t"] = "\\t", ["\n"] = "\\n", ["\r"] = "\\r" }))
end

local function line(username, field, before, after)
  if log.format == "json" then
    print(json.encode({ username = username, field = field, before = before, after = after }))
  else
    print(table.concat({ text(username), field, text(before), text(after) }, "\t"))
  end
end

local ok, differences = snapshot.verify(file, pool)
for _, d in ipairs(differences) do
  if d.group then
    if d.change == "changed" then
      for name, v in pairs(d.fields) do line("", "group:" .. d.group .. "." .. name, v.before, v.after) end
    else
      line("", "group:" .. d.group, d.change == "added" and "absent" or "present", d.change == "added" and "present" or "absent")
    end
  elseif d.change == "added" then
    line(d.username, "user", "absent", "present")
  elseif d.change == "removed" then
    line(d.username, "user", "present", "absent")
  else
    local names = {}
    for name in pairs(d.attributes or {}) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do line(d.username, "attributes." .. name, d.attributes[name].before, d.attributes[name].after) end
    if d.enabled then line(d.username, "enabled", d.enabled.before, d.enabled.after) end
    if d.status then line(d.username, "status", d.status.before, d.status.after) end
    if d.groups then
      line(d.username, "groups", "-" .. table.concat(d.groups.removed, ","), "+" .. table.concat(d.groups.added, ","))
    end
  end
end
log.info("verify: %s", ok and "the pool matches the snapshot" or (#differences .. " differences"))
os.exit(ok and 0 or 1)
