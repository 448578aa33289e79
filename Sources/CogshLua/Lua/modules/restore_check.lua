-- What a restore finds out before it sends anything (DESIGN.md, "Restore, verify and
-- clone"): the source snapshot's pool and users, the target's schema, username
-- attributes, case sensitivity, identity providers and MFA settings, and from them
-- the check list, the report of what cannot be carried over (per class of users, with
-- counts and a sample of usernames) and the plan of calls. Reads only.
local S = ...
local json = package.loaded.json

local check = {}
local SAMPLE = 3

-- Attributes AdminCreateUser cannot set: the service issues `sub`; `identities` are
-- the links federated sign-ins make.
check.not_writable = { sub = true, identities = true }

local function decode(text) return text and json.decode(text) or nil end

-- The first row of a query (nil when there is none).
local function first_row(db, sql, ...)
  local rows = db:query(sql, ...)
  return rows()
end
check.first_row = first_row

-- One config row's JSON (the pool's own description, its MFA settings).
function check.config(db, kind)
  local row = first_row(db, "SELECT json FROM config WHERE kind = ? ORDER BY name LIMIT 1", kind)
  return row and decode(row.json)
end

local function count_and_sample(db, where, ...)
  local n = first_row(db, "SELECT count(*) AS n FROM users WHERE " .. where, ...).n
  local sample = {}
  for row in db:query("SELECT username FROM users WHERE " .. where .. " ORDER BY username LIMIT " .. SAMPLE, ...) do
    sample[#sample + 1] = row.username
  end
  return { count = n, sample = sample }
end

-- The custom attributes a pool's schema names (custom:x, dev:custom:x) → definition.
function check.customs(pool_json)
  local out = {}
  for _, a in ipairs(pool_json and pool_json.SchemaAttributes or {}) do
    local name = a.Name or ""
    if name:find("^custom:") or name:find("^dev:custom:") then out[name] = a end
  end
  return out
end

-- The snapshot's custom attributes: its pool's schema, and any its users carry.
local function source_customs(db, pool_json)
  local out = check.customs(pool_json)
  for row in db:query("SELECT DISTINCT name FROM attributes WHERE name LIKE 'custom:%' OR name LIKE 'dev:custom:%'") do
    out[row.name] = out[row.name] or { Name = row.name, AttributeDataType = "String", Mutable = true }
  end
  return out
end

local function list(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out)
  return out
end

local function first_alias(attrs) return attrs and attrs[1] or nil end

-- The target as it is now (nil target: a pool still to be created from the source).
local function target_state(pool_id, source_pool)
  if not pool_id then
    return { pool = source_pool, providers = {}, sms = false, email = false, planned = true }
  end
  local pool = cognito.describe_user_pool{ UserPoolId = pool_id }.UserPool
  local providers = {}
  for p in cognito.each.list_identity_providers{ UserPoolId = pool_id } do providers[p.ProviderName] = true end
  local mfa = cognito.get_user_pool_mfa_config{ UserPoolId = pool_id }
  local on = mfa.MfaConfiguration ~= nil and mfa.MfaConfiguration ~= "OFF"
  return { pool = pool, providers = providers, planned = false,
           sms = on and mfa.SmsMfaConfiguration ~= nil, email = on and mfa.EmailMfaConfiguration ~= nil }
end

-- Everything the restore needs to know, and what it reports, before it sends anything.
function check.prepare(db, pool_id, opts)
  local meta = db.meta
  if meta.complete ~= "1" then
    error(S.error("ConfigError", ("snapshot %s is incomplete (started %s): finish it with the same backup command first")
      :format(db.path, meta.started_at)), 0)
  end
  local source_pool = check.config(db, "user_pool") or {}
  local c = { db = db, meta = meta, source_pool = source_pool, notes = {}, missing = {} }
  c.target = target_state(pool_id, source_pool)
  c.source_alias = first_alias(decode(meta.username_attributes))
  c.target_alias = first_alias(c.target.pool.UsernameAttributes)

  local have = check.customs(c.target.pool)
  c.customs = source_customs(db, source_pool)
  for _, name in ipairs(list(c.customs)) do
    if not have[name] and not c.target.planned then c.missing[#c.missing + 1] = name end
  end

  local function note(text) c.notes[#c.notes + 1] = text end
  if c.source_alias ~= c.target_alias then
    note(("usernames: the snapshot's pool signs users in with %s, the target with %s; users are created with %s as their username")
      :format(c.source_alias or "usernames", c.target_alias or "usernames", c.target_alias or "their old username"))
  end
  local function sensitive(p)
    return not (p and p.UsernameConfiguration and p.UsernameConfiguration.CaseSensitive == false)
  end
  if sensitive(source_pool) ~= sensitive(c.target.pool) then
    note(("case: the snapshot's pool has case-%s usernames, the target case-%s ones"):format(
      sensitive(source_pool) and "sensitive" or "insensitive", sensitive(c.target.pool) and "sensitive" or "insensitive"))
  end

  -- Classes of users and what does not come back for them.
  c.restorable = count_and_sample(db, "status IS NOT 'EXTERNAL_PROVIDER'")
  c.classes = {
    { "passwords", c.restorable, "come back FORCE_CHANGE_PASSWORD: no password is carried over; each must be set "
      .. "(AdminSetUserPassword) or reset before the user signs in" },
    { "sub", c.restorable, "get a new sub; restored_subs in the snapshot maps each old one to the new" },
    { "unconfirmed", count_and_sample(db, "status = 'UNCONFIRMED'"), "were UNCONFIRMED: they come back created by an "
      .. "administrator (FORCE_CHANGE_PASSWORD), their *_verified flags as they were" },
    { "reset", count_and_sample(db, "status IN ('RESET_REQUIRED', 'COMPROMISED', 'ARCHIVED', 'UNKNOWN')"),
      "were RESET_REQUIRED, COMPROMISED or ARCHIVED: they come back FORCE_CHANGE_PASSWORD" },
    { "federated", count_and_sample(db, "status = 'EXTERNAL_PROVIDER'"), "signed in through an identity provider: not "
      .. "created; they come back at their next sign-in if the target has their provider" },
    { "linked", count_and_sample(db, "status IS NOT 'EXTERNAL_PROVIDER' AND username IN "
      .. "(SELECT username FROM attributes WHERE name = 'identities')"), "had links to identity providers: the links are "
      .. "not carried over (AdminLinkProviderForUser can make them again)" },
  }
  if meta.details == "1" then
    table.insert(c.classes, { "TOTP", count_and_sample(db, "status IS NOT 'EXTERNAL_PROVIDER' AND mfa LIKE '%SOFTWARE_TOKEN_MFA%'"),
      "used an authenticator app (TOTP): its secret cannot be read, so each must register one again" })
    c.mfa = count_and_sample(db, "status IS NOT 'EXTERNAL_PROVIDER' AND (mfa LIKE '%SMS_MFA%' OR mfa LIKE '%EMAIL_OTP%')")
  else
    note("MFA: the snapshot was taken without --details, so TOTP users and MFA preferences are not known or restored")
    c.mfa = { count = 0, sample = {} }
  end

  -- Providers of federated users that the target lacks.
  local lacking = {}
  for row in db:query("SELECT value FROM attributes WHERE name = 'identities'") do
    local ok, ids = pcall(json.decode, row.value)
    for _, id in ipairs(ok and type(ids) == "table" and ids or {}) do
      local name = type(id) == "table" and id.providerName
      if name and not c.target.providers[name] then lacking[name] = (lacking[name] or 0) + 1 end
    end
  end
  for _, name in ipairs(list(lacking)) do
    note(("identity provider %s: the target lacks it (%d users were linked to it)"):format(name, lacking[name]))
  end
  if c.mfa.count > 0 and not (c.target.sms or c.target.email) and not c.target.planned then
    note(("MFA: %d users had SMS or e-mail MFA preferences; the target's MFA settings do not allow them: not set")
      :format(c.mfa.count))
  end

  local function n(sql) return first_row(db, sql).n end
  c.plan = {
    users = c.restorable.count,
    disabled = n("SELECT count(*) AS n FROM users WHERE enabled = 0 AND status IS NOT 'EXTERNAL_PROVIDER'"),
    groups = opts.groups and n("SELECT count(*) AS n FROM groups") or 0,
    memberships = opts.groups and n("SELECT count(*) AS n FROM memberships m JOIN users u USING (username) "
      .. "WHERE u.status IS NOT 'EXTERNAL_PROVIDER'") or 0,
    mfa = (c.target.sms or c.target.email or c.target.planned) and c.mfa.count or 0,
  }
  return c
end

-- The report, as lines: the check list, what is not carried over, the calls.
function check.report(c, target_name)
  local meta = c.meta
  local lines = { ("restore of %s (%s in %s, taken %s) into %s"):format(c.db.path, meta.pool_id, meta.region,
    meta.finished_at or meta.started_at, target_name) }
  lines[#lines + 1] = "target:"
  if #c.missing > 0 then
    lines[#lines + 1] = "  MISSING custom attributes " .. table.concat(c.missing, ", ")
      .. " (--add-custom-attributes adds them with the snapshot's definitions)"
  else
    lines[#lines + 1] = ("  ok      custom attributes (%d in the snapshot)"):format(#list(c.customs))
  end
  for _, text in ipairs(c.notes) do lines[#lines + 1] = "  note    " .. text end
  lines[#lines + 1] = "not carried over:"
  for _, class in ipairs(c.classes) do
    local name, info, what = class[1], class[2], class[3]
    if info.count > 0 then
      local sample = #info.sample > 0 and (" (e.g. " .. table.concat(info.sample, ", ") .. ")") or ""
      lines[#lines + 1] = ("  %-12s %6d users %s%s"):format(name, info.count, what, sample)
    end
  end
  local p = c.plan
  lines[#lines + 1] = ("calls: %d AdminCreateUser, %d AdminDisableUser, %d CreateGroup, %d AdminAddUserToGroup, "
    .. "%d AdminSetUserMFAPreference, %d AddCustomAttributes"):format(p.users, p.disabled, p.groups, p.memberships,
    p.mfa, #c.missing)
  return lines
end

return check
