-- The Lua half of the `snapshot` module: snapshot.take (with progress and its summary
-- line), snapshot.open (the db object and its iterators) and snapshot.diff. S holds the
-- Swift half (SnapshotModule.swift): the work itself, batches of users, rows and
-- differences, the progress line and the stop controls.
local S = ...
local sched = S.sched
local json, log = package.loaded.json, package.loaded.log
local type, error, pcall, tostring = type, error, pcall, tostring

local snapshot = {}

local function grouped(n)
  local s = tostring(n)
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^,", ""))
end

-- Takes a snapshot; the progress line (or cron's log lines) while it runs, then one
-- summary line. A first Ctrl-C lets the pages in flight be stored, then stops the run:
-- the file stays incomplete and the same call goes on from there.
function snapshot.take(opts)
  -- summary = false: the caller writes its own line (verify); the rest is Swift's to check.
  local quiet = type(opts) == "table" and opts.summary == false
  if type(opts) == "table" and opts.summary ~= nil then
    if type(opts.summary) ~= "boolean" then
      error(S.error("ValidationError", "snapshot.take: summary must be a boolean, got a " .. type(opts.summary), "summary"), 2)
    end
    local copy = {}
    for k, v in next, opts do if k ~= "summary" then copy[k] = v end end
    opts = copy
  end
  local job = S.take(opts)
  local show = opts.progress
  if show == nil then show = S.progress_by_default() end
  local progress = S.progress("snapshot " .. opts.UserPoolId, nil, show)
  local function tick()
    local stored, estimated = job.stored()
    if estimated then progress.set_total(estimated) end
    progress.count(stored, 0, 0)
    progress.tick()
  end
  sched.tickers[tick] = true
  S.graceful(true)
  local ok, summary = pcall(sched.await, job.id)
  sched.tickers[tick] = nil
  S.graceful(false)
  progress.clear()
  if not ok then error(summary, 0) end
  local text = ("snapshot %s: %s users, %s groups, %s memberships, %s calls in %.1fs%s; %s"):format(
    summary.UserPoolId, grouped(summary.users), grouped(summary.groups), grouped(summary.memberships),
    grouped(summary.calls), summary.elapsed, summary.resumed and " (going on from an incomplete snapshot)" or "",
    summary.complete and ("complete: " .. summary.file)
      or ("incomplete: " .. summary.file .. " (the same command goes on from there)"))
  local differs = summary.complete and summary.estimated_users and summary.estimated_users ~= summary.users
  if differs then
    text = text .. (" (the pool's estimate is %s users: it lags behind the pool)"):format(grouped(summary.estimated_users))
  end
  if not quiet then S.summary(text, summary, not summary.complete) end
  S.stop_if_requested()
  return summary
end

-- An opened snapshot: db.meta, db:users([filter, ...]), db:query(sql, ...), db:close().
local DB = { __name = "cogsh.Snapshot" }
DB.__index = DB
function DB.__tostring(db) return "snapshot " .. db.path end

local BATCH = 500

function snapshot.open(file)
  local h = S.open(file)
  return setmetatable({ path = h.path, meta = h.meta, handle = h }, DB)
end

-- Users in username order, shaped like ListUsers' items plus Groups. `filter` is an SQL
-- condition over the users table (with `...` bound to its `?`), or a Lua function.
function DB:users(filter, ...)
  local h = rawget(self, "handle")
  local predicate, sql
  if type(filter) == "function" then predicate = filter elseif filter ~= nil then sql = filter end
  if sql ~= nil and type(sql) ~= "string" then
    error(S.error("ValidationError", "db:users: filter must be an SQL condition (a string) or a function, got a "
      .. type(sql), "filter"), 2)
  end
  local args = table.pack(...)
  local batch, i, after, done = {}, 0, nil, false
  return function()
    while true do
      i = i + 1
      local user = batch[i]
      if user == nil then
        if done then return nil end
        batch, after = h.users(after, BATCH, sql, table.unpack(args, 1, args.n))
        i = 0
        if #batch < BATCH then done = true end
      elseif not predicate or predicate(user) then
        return user
      end
    end
  end
end

-- Rows of a read-only query, as tables keyed by column name (`?` bound to `...`); the
-- iterator gives the list of column names, in the query's order, as a second value.
-- The query runs once; its rows are read a batch at a time.
function DB:query(sql, ...)
  local h = rawget(self, "handle")
  local id, columns = h.query_start(sql, ...)
  local rows, i, offset, done = {}, 0, 0, false
  return function()
    i = i + 1
    if rows[i] == nil and not done then
      rows, i = h.query_fetch(id, offset, BATCH), 1
      offset = offset + #rows
      if #rows < BATCH then
        done = true
        h.query_finish(id)
      end
    end
    if rows[i] == nil then return nil end
    return rows[i], columns
  end
end

-- The column names a query gives, in order, without running it.
function DB:columns(sql) return rawget(self, "handle").columns(sql) end

function DB:close() rawget(self, "handle").close() end

local function path_of(x, name)
  if getmetatable(x) == DB then return x.path end
  if type(x) == "string" then return x end
  error(S.error("ValidationError", "snapshot.diff: " .. name .. " must be a snapshot file or an opened snapshot, got a "
    .. type(x), name), 3)
end

-- The differences between two snapshots, user by user: { username, change = "added" |
-- "removed" | "changed", attributes, enabled, status, groups } (only what differs).
-- opts.key = "email" (or another attribute) matches users by it instead of username.
function snapshot.diff(old, new, opts)
  local key = opts and opts.key
  local h = S.diff(path_of(old, "old"), path_of(new, "new"), key ~= "username" and key or nil)
  local batch, i = {}, 0
  local done = false
  return function()
    i = i + 1
    if batch[i] == nil and not done then
      batch, i = h.next(), 1
      if #batch == 0 then done = true end
    end
    return batch[i]
  end
end

-- Text fields escape what would break a line or a column.
local function field_text(v)
  if v == nil then return "" end
  return (tostring(v):gsub("[\\\t\n\r]", { ["\\"] = "\\\\", ["\t"] = "\\t", ["\n"] = "\\n", ["\r"] = "\\r" }))
end

-- A difference (snapshot.diff's, or verify's, groups included) as the records the -m
-- diff and -m verify jobs print: { username, field, before, after }.
function snapshot.difference_records(d)
  local out = {}
  local function add(username, f, before, after)
    out[#out + 1] = { username = username, field = f, before = before, after = after }
  end
  if d.group then
    if d.change == "changed" then
      local names = {}
      for name in pairs(d.fields) do names[#names + 1] = name end
      table.sort(names)
      for _, name in ipairs(names) do add("", "group:" .. d.group .. "." .. name, d.fields[name].before, d.fields[name].after) end
    else
      add("", "group:" .. d.group, d.change == "added" and "absent" or "present", d.change == "added" and "present" or "absent")
    end
  elseif d.change == "added" then
    add(d.username, "user", "absent", "present")
  elseif d.change == "removed" then
    add(d.username, "user", "present", "absent")
  else
    local names = {}
    for name in pairs(d.attributes or {}) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do add(d.username, "attributes." .. name, d.attributes[name].before, d.attributes[name].after) end
    if d.enabled then add(d.username, "enabled", d.enabled.before, d.enabled.after) end
    if d.status then add(d.username, "status", d.status.before, d.status.after) end
    if d.groups then
      add(d.username, "groups", "-" .. table.concat(d.groups.removed, ","), "+" .. table.concat(d.groups.added, ","))
    end
  end
  return out
end

-- Prints differences (a list or an iterator) one record a line on stdout:
-- username<TAB>field<TAB>before<TAB>after, or a JSON object under --log-format json.
-- Returns how many lines it printed.
function snapshot.print_differences(differences)
  local next_difference = differences
  if type(differences) == "table" then
    local i = 0
    next_difference = function() i = i + 1 return differences[i] end
  end
  local count = 0
  for d in next_difference do
    for _, r in ipairs(snapshot.difference_records(d)) do
      count = count + 1
      if log.format == "json" then
        print(json.encode(r))
      else
        print(table.concat({ field_text(r.username), r.field, field_text(r.before), field_text(r.after) }, "\t"))
      end
    end
  end
  return count
end

return snapshot
