-- snapshot.restore and snapshot.verify (DESIGN.md, "Restore, verify and clone"). A
-- restore puts a snapshot's users back into a pool — the same one after a disaster,
-- another (a migration), or one made from the snapshot's configuration (a clone). It
-- checks the target and reports what cannot be carried over before anything is sent
-- (restore_check.lua). Users are created with AdminCreateUser (MessageAction =
-- "SUPPRESS", ClientMetadata = { cogsh = "restore" }), then disabled, given their MFA
-- preferences and their groups; every step of every user is journaled (beside the
-- snapshot, a journal per target pool), so a killed restore goes on where it stopped.
-- Users run in many tasks at once under the pacing of each quota category, so the
-- creations (UserCreation) and the updates (UserUpdate) overlap.
local S, snapshot, check, setup = ...
local json = package.loaded.json

local WORKERS = 32

-- A table of Swift functions whose `close` also runs when a to-be-closed variable holding
-- it goes out of scope.
local function closing(t) return setmetatable(t, { __close = t.close }) end

local function grouped(n)
  local out = tostring(n):reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^,", ""))
end

-- One user, step by step; each step skipped when the journal has it.
local function restore_user(ctx, u)
  local key = ctx.pool .. "\t" .. u.Username .. "\t"
  local j, alias = ctx.journal, ctx.c.target_alias
  local name = u.Username
  if alias then name = u.Attributes[alias] end
  if name == nil then
    error(S.error("ValidationError", ("%s has no %s, which the target's usernames are"):format(u.Username, alias), alias), 0)
  end
  if j.has(key .. "create") then
    ctx.counts.earlier = ctx.counts.earlier + 1
    -- Its restored_subs row may not have reached the file (rows go in batches): ask.
    if not ctx.recorded[u.Username] then
      local got = cognito.admin_get_user{ UserPoolId = ctx.pool, Username = name }
      ctx.subs.add(ctx.pool, u.Username, got.Username, u.Attributes.sub, got.UserAttributes.sub)
    end
  else
    local attrs = setup.writable(u.Attributes)
    local list = {}
    for k, v in pairs(attrs) do list[#list + 1] = { Name = k, Value = v } end
    table.sort(list, function(a, b) return a.Name < b.Name end)
    local ok, made = pcall(cognito.admin_create_user, { UserPoolId = ctx.pool, Username = name, UserAttributes = list,
      MessageAction = "SUPPRESS", ClientMetadata = { cogsh = "restore" } })
    local live
    if ok then
      live = { Username = made.User.Username, Attributes = made.User.Attributes }
      ctx.counts.created = ctx.counts.created + 1
    elseif type(made) == "table" and (made.code == "UsernameExistsException" or made.code == "AliasExistsException") then
      -- There already (a run before this one, or the pool kept it): done if it matches.
      local got = cognito.admin_get_user{ UserPoolId = ctx.pool, Username = name }
      if not setup.same(attrs, setup.writable(got.UserAttributes)) then
        ctx.differ[#ctx.differ + 1] = u.Username
        log.warn("restore: %s exists in %s and differs from the snapshot: left alone", u.Username, ctx.pool)
        return
      end
      live = { Username = got.Username, Attributes = got.UserAttributes }
      ctx.counts.matched = ctx.counts.matched + 1
    else
      error(made, 0)
    end
    ctx.subs.add(ctx.pool, u.Username, live.Username, u.Attributes.sub, live.Attributes and live.Attributes.sub)
    j.add(key .. "create")
  end
  if not u.Enabled and not j.has(key .. "disable") then
    cognito.admin_disable_user{ UserPoolId = ctx.pool, Username = name }
    j.add(key .. "disable")
    ctx.counts.disabled = ctx.counts.disabled + 1
  end
  local mfa = ctx.mfa[u.Username]
  if mfa and not j.has(key .. "mfa") then
    cognito.admin_set_user_mfa_preference{ UserPoolId = ctx.pool, Username = name,
      SMSMfaSettings = mfa.sms, EmailMfaSettings = mfa.email }
    j.add(key .. "mfa")
    ctx.counts.mfa = ctx.counts.mfa + 1
  end
  if ctx.groups and #u.Groups > 0 then task.wait(ctx.groups_made) end   -- memberships need the groups
  local missing
  for _, group in ipairs(ctx.groups and u.Groups or {}) do
    if ctx.group_failed[group] then
      missing = missing or S.error("ConfigError", ("group %s could not be made: %s"):format(group,
        tostring(ctx.group_failed[group])), "GroupName")
    elseif not j.has(key .. "group\t" .. group) then
      cognito.admin_add_user_to_group{ UserPoolId = ctx.pool, Username = name, GroupName = group }
      j.add(key .. "group\t" .. group)
      ctx.counts.memberships = ctx.counts.memberships + 1
    end
  end
  if missing then error(missing, 0) end   -- the user's other steps are done; it is listed
end

-- Groups, made beside the first users: memberships wait for them. One that exists
-- already counts as made.
local function restore_groups(ctx)
  for g in ctx.c.db:query("SELECT name, description, precedence, role_arn FROM groups ORDER BY name") do
    local key = ctx.pool .. "\tgroup\t" .. g.name
    if not ctx.journal.has(key) then
      local ok, err = pcall(cognito.create_group, { UserPoolId = ctx.pool, GroupName = g.name, Description = g.description,
        Precedence = g.precedence, RoleArn = g.role_arn })
      local exists = not ok and type(err) == "table" and err.code == "GroupExistsException"
      if not ok and not exists then
        -- This group's memberships fail (listed with their users); the other groups go on.
        ctx.group_failed[g.name] = err
        log.error("restore: group %s could not be made: %s", g.name, tostring(err))
      elseif exists then
        -- There already: as for users, a group that differs is said and left alone.
        local live = cognito.get_group{ UserPoolId = ctx.pool, GroupName = g.name }.Group
        if live.Description ~= g.description or live.Precedence ~= g.precedence or live.RoleArn ~= g.role_arn then
          ctx.differ[#ctx.differ + 1] = "group " .. g.name
          log.warn("restore: group %s exists in %s and differs from the snapshot: left alone", g.name, ctx.pool)
        end
      end
      if not ctx.group_failed[g.name] then
        ctx.journal.add(key)
        ctx.counts.groups = ctx.counts.groups + 1
      end
    end
  end
end

-- The SMS and e-mail MFA preferences the target allows, by username (TOTP cannot be).
local function mfa_preferences(c)
  local out = {}
  if c.meta.details ~= "1" or not (c.target.sms or c.target.email) then return out end
  for row in c.db:query("SELECT username, mfa FROM users WHERE mfa LIKE '%SMS_MFA%' OR mfa LIKE '%EMAIL_OTP%'") do
    local m = json.decode(row.mfa)
    local has = {}
    for _, name in ipairs(m.UserMFASettingList or {}) do has[name] = true end
    local pref = m.PreferredMfaSetting
    out[row.username] = {
      sms = c.target.sms and has.SMS_MFA and { Enabled = true, PreferredMfa = pref == "SMS_MFA" } or nil,
      email = c.target.email and has.EMAIL_OTP and { Enabled = true, PreferredMfa = pref == "EMAIL_OTP" } or nil,
    }
  end
  return out
end

-- Each attempt at making the clone's pool is numbered in the journal: `clone-started
-- NAME K` before CreateUserPool, then `clone ID` and `clone-made NAME K` after it, or
-- `clone-refused NAME K` when the service refused it.
local function attempt_key(step, name, k) return ("clone-%s\t%s\t%d"):format(step, name, k) end

local function clone_attempts(name, journal)
  local k = 0
  while journal.has(attempt_key("started", name, k + 1)) do k = k + 1 end
  return k
end

-- The pool an earlier run of the same clone made (killed before it ended), known by its
-- journal: the `clone` line names it. A run killed between CreateUserPool and that line
-- left its attempt started and not made: then the one pool of that name is it. Any other
-- pool of that name is not this clone's to fill: refused before anything is sent.
local function clone_made(name, journal)
  local named = {}
  for p in cognito.each.list_user_pools{ MaxResults = 60 } do
    if p.Name == name then
      if journal.has("clone\t" .. p.Id) then return p.Id end
      named[#named + 1] = p.Id
    end
  end
  local k = clone_attempts(name, journal)
  local open = k > 0 and not journal.has(attempt_key("made", name, k)) and not journal.has(attempt_key("refused", name, k))
  if #named == 1 and open then return named[1] end
  if #named > 0 then
    error(S.error("ConfigError", ("a pool named %s already exists (%s), not made by this clone: give another name, or "
      .. "restore into it by its id"):format(name, table.concat(named, ", "))), 0)
  end
end

-- The clone's pool made (or the one an earlier run made, `pool`) and set up, each step
-- journaled, so a run killed at any point finds it again (clone_made) and finishes it.
local function make_clone(c, name, journal, pool)
  local attempt = clone_attempts(name, journal)
  if not pool then
    attempt = attempt + 1
    journal.add(attempt_key("started", name, attempt))
    local ok, made = pcall(setup.create_pool, c, name)
    if not ok then
      -- Refused by the service in answer to its one request: this attempt made nothing.
      if type(made) == "table" and made.status and made.status < 500 and made.attempts == 1 then
        journal.add(attempt_key("refused", name, attempt))
      end
      error(made, 0)
    end
    pool = made
    log.info("restore: created pool %s (%s) from %s", pool, name, c.db.path)
  end
  if not journal.has("clone\t" .. pool) then journal.add("clone\t" .. pool) end
  if attempt > 0 and not journal.has(attempt_key("made", name, attempt)) then journal.add(attempt_key("made", name, attempt)) end
  if not journal.has("clone-mfa\t" .. pool) then
    setup.pool_mfa(c, pool)
    journal.add("clone-mfa\t" .. pool)
  end
  return pool
end

-- What a dry run knows of an earlier run: its journal read without a lock or a write.
local NOTHING_DONE = { has = function() return false end }

function snapshot.restore(opts)
  local o = setup.options(opts)
  local db = snapshot.open(o.file)
  -- What could still refuse is asked before the first change: the snapshot must take
  -- restored_subs rows, the journal must be free. A dry run writes neither and takes no
  -- lock: it only peeks at the journal an earlier run left, to find the pool a clone made.
  -- Both close however this ends: their __close is Swift's close, which runs no Lua line
  -- (after a Ctrl-C every Lua line raises again).
  local journal_path = o.file .. ".restore-" .. (o.pool or o.create) .. ".journal"
  local subs <close> = not o.dry and closing(S.subs(o.file)) or nil
  local journal <close> = not o.dry and closing(S.journal(journal_path)) or nil
  local pool = o.pool
  if o.create then pool = clone_made(o.create, journal or S.journal_peek(journal_path) or NOTHING_DONE) end
  local c = check.prepare(db, pool, o)
  local report = check.report(c, pool or ("a new pool named " .. o.create))
  if o.create then
    for _, line in ipairs(setup.not_copied(c)) do report[#report + 1] = line end
  end
  for _, line in ipairs(report) do print(line) end
  if #c.missing > 0 and not o.add then
    error(S.error("ConfigError", "the target lacks the custom attributes " .. table.concat(c.missing, ", ")
      .. ": nothing was sent (add_custom_attributes = true, or --add-custom-attributes, adds them)"), 2)
  end
  if o.dry then
    print("dry run: nothing was sent")
    return { dry_run = true, users = c.plan.users, report = report }
  end

  local started = os.time()
  if o.create then
    pool = make_clone(c, o.create, journal, pool)
    c = check.prepare(db, pool, o)
  end
  if #c.missing > 0 then
    local defs = {}
    for _, name in ipairs(c.missing) do defs[#defs + 1] = setup.schema_entry(name, c.customs[name]) end
    cognito.add_custom_attributes{ UserPoolId = pool, CustomAttributes = defs }
  end
  local recorded = {}   -- users whose restored_subs row for this pool is in the file
  for row in db:query("SELECT username FROM restored_subs WHERE pool_id = ?", pool) do recorded[row.username] = true end
  local ctx = { c = c, pool = pool, groups = o.groups, differ = {}, mfa = mfa_preferences(c), recorded = recorded,
                journal = journal, subs = subs, group_failed = {},
                counts = { created = 0, matched = 0, earlier = 0, disabled = 0, mfa = 0, groups = 0, memberships = 0 } }
  -- Groups are made while users are created (a pool-resource quota of their own); a
  -- user's memberships wait for them.
  ctx.groups_made = task.spawn(function() if o.groups then restore_groups(ctx) end end)
  local result = task.map(db:users("status IS NOT 'EXTERNAL_PROVIDER'"), function(u) restore_user(ctx, u) end,
    { workers = WORKERS, errors = "continue", label = "restore", total = c.plan.users, progress = o.progress,
      resume = "the same command goes on from there (journal " .. journal_path .. ")" })
  task.wait(ctx.groups_made)
  subs.close()
  journal.close()
  db:close()
  local n = ctx.counts
  local summary = { UserPoolId = pool, created = n.created, matched = n.matched, earlier = n.earlier, differ = ctx.differ,
                    failed = result.failed,
                    failures = result.failures, disabled = n.disabled, mfa = n.mfa, groups = n.groups,
                    memberships = n.memberships, skipped = result.skipped, elapsed = os.time() - started, report = report }
  S.summary(("restore into %s: %s created, %s already there and matching, %s restored by an earlier run, "
    .. "%d differ (left alone), %s failed; %s groups, %s memberships, %s disabled"):format(pool, grouped(n.created),
    grouped(n.matched), grouped(n.earlier), #ctx.differ, grouped(result.failed), grouped(n.groups),
    grouped(n.memberships), grouped(n.disabled)),
    { created = n.created, matched = n.matched, differ = #ctx.differ, failed = result.failed, UserPoolId = pool },
    result.failed > 0 or #ctx.differ > 0)
  return summary
end

-- Verify: a fresh listing of the live pool (at the quota, into a temporary snapshot)
-- compared with the snapshot, leaving out what a restore cannot carry over.
function snapshot.verify(file, pool, opts)
  if type(file) ~= "string" or type(pool) ~= "string" then
    error(S.error("ValidationError", "snapshot.verify(file, UserPoolId) takes a snapshot file and a pool id", "file"), 2)
  end
  local db = snapshot.open(file)
  local aliases = json.decode(db.meta.username_attributes or "[]")
  db:close()
  local live = os.tmpname()
  local ok, taken = pcall(snapshot.take, { UserPoolId = pool, file = live, progress = opts and opts.progress, summary = false })
  if not ok then os.remove(live) error(taken, 0) end
  local differences = {}
  local differ = S.diff(file, live, aliases[1], true)
  repeat
    local batch = differ.next()
    for _, d in ipairs(batch) do differences[#differences + 1] = d end
  until #batch == 0
  for _, d in ipairs(setup.group_differences(snapshot.open(file), snapshot.open(live))) do
    differences[#differences + 1] = d
  end
  os.remove(live)
  S.summary(("verify %s against %s: %d users listed in %.1fs, %d difference%s"):format(pool, file, taken.users, taken.elapsed,
    #differences, #differences == 1 and "" or "s"), { UserPoolId = pool, users = taken.users, differences = #differences },
    #differences > 0)
  return #differences == 0, differences
end
