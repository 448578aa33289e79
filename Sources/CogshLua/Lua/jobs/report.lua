-- cogsh -m report SNAPSHOT [OUT.html] [--compare OLDER]: a snapshot as one HTML page with
-- charts (statuses, MFA, accounts per month, attribute coverage, groups, what needs
-- attention, and with --compare what changed since an older snapshot) for people to
-- read or print. Every figure is SQL over the snapshot; the page is the built-in
-- template report.html, which escapes every value. Written mode 0600 (it names users),
-- by default beside the snapshot; prints the page's path, and a summary line on stderr
-- (under --log-format json, one JSON object on stdout instead of both).
-- Written with the public Lua API only: copy it (cogsh -m report --source) and change it.
local usage = "usage: cogsh -m report SNAPSHOT [OUT.html] [--compare OLDER_SNAPSHOT]"

local argv, positional, older = { ... }, {}, nil
local i = 1
while i <= #argv do
  local a = argv[i]
  if a == "--compare" and argv[i + 1] then older = argv[i + 1]; i = i + 1
  elseif a == "--help" or a == "-h" then print(usage) return
  elseif a:sub(1, 2) == "--" then io.stderr:write("cogsh -m report: bad option ", a, "\n", usage, "\n") os.exit(2)
  else positional[#positional + 1] = a end
  i = i + 1
end
if #positional < 1 or #positional > 2 then
  io.stderr:write(usage, "\n")
  os.exit(2)
end
local file = positional[1]
local out = positional[2] or (file:gsub("%.[^./]*$", "") .. ".html")
if out == file then out = file .. ".html" end

local DAY, SHOWN = 86400, 10
local db = snapshot.open(file)
local function rows(sql, ...)
  local t = {}
  for row in db:query(sql, ...) do t[#t + 1] = row end
  return t
end
local function one(sql, ...) return rows(sql, ...)[1] end

-- ---------------------------------------------------------------- numbers as people read them

local function grouped(n)
  local s = ("%d"):format(n)
  return (s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^(-?),", "%1"))
end
local function percent(n, of) return of > 0 and ("%.1f%%"):format(100 * n / of) or "0.0%" end
local function users(n) return grouped(n) .. (n == 1 and " user" or " users") end
local function day(t) return os.date("!%Y-%m-%d", math.floor(t)) end

-- A horizontal bar chart for report_bars.html: items { label, n }, bars as long as their
-- share of the largest, each with its count (and share of `of`) as text.
local function bars(id, title, items, of)
  local max = 0
  for _, it in ipairs(items) do max = math.max(max, it.n) end
  local list = {}
  for k, it in ipairs(items) do
    local y, w = (k - 1) * 34 + 17, max > 0 and 310 * it.n / max or 0
    local long = (utf8.len(it.label) or 0) > 64
    list[k] = { label = it.label, short = long and it.label:sub(1, utf8.offset(it.label, 63) - 1) .. "…" or it.label,
                n = it.n, value = of and ("%s (%s)"):format(grouped(it.n), percent(it.n, of)) or grouped(it.n),
                y = y, w = w, label_y = y - 4, value_x = w + 6, value_y = y + 11 }
  end
  return { id = id, title = title, height = #items * 34 + 4, bars = list }
end

-- A column per month from the first to the last (empty months included) for report_months.html.
local function months(id, title, counts)
  local by, list = {}, {}
  for _, r in ipairs(counts) do by[r.month] = r.n end
  if #counts > 0 then
    local y, m = counts[1].month:match("^(%d+)-(%d+)$")
    local ly, lm = counts[#counts].month:match("^(%d+)-(%d+)$")
    y, m, ly, lm = tonumber(y), tonumber(m), tonumber(ly), tonumber(lm)
    while y < ly or (y == ly and m <= lm) do
      local key = ("%04d-%02d"):format(y, m)
      list[#list + 1] = { label = key, n = by[key] or 0 }
      if m == 12 then y, m = y + 1, 1 else m = m + 1 end
    end
  end
  local max, pitch = 0, math.max(16, 700 / math.max(#list, 1))
  for _, b in ipairs(list) do max = math.max(max, b.n) end
  local w = math.min(pitch * 0.8, 48)
  for k, b in ipairs(list) do
    b.x, b.w, b.h = 36 + (k - 1) * pitch + (pitch - w) / 2, w, max > 0 and 140 * b.n / max or 0
    b.y, b.cx, b.value = 196 - b.h, b.x + w / 2 + 4, grouped(b.n)
    b.value_y = b.y - 4
  end
  local note = #list > 0 and ("(UTC; %d months, %s to %s)"):format(#list, list[1].label, list[#list].label) or "(no dates)"
  return { id = id, title = title, note = note, width = 52 + #list * pitch, axis_end = 36 + #list * pitch, bars = list }
end

-- ---------------------------------------------------------------- the pool, by SQL

local meta = db.meta
local complete = meta.complete == "1"
local details = meta.details == "1"
local taken = (meta.finished_at or "") ~= "" and meta.finished_at or meta.started_at or ""
-- Ages are counted from when the snapshot was taken, so an old snapshot reads as it was.
local at = one("SELECT CAST(strftime('%s', ?) AS INTEGER) AS t", taken).t or os.time()
local total = one("SELECT count(*) AS n FROM users").n
local estimated = tonumber(meta.estimated_users)

local statuses = {}
for _, r in ipairs(rows("SELECT status, count(*) AS n FROM users GROUP BY status ORDER BY n DESC, status")) do
  statuses[#statuses + 1] = { label = r.status or "(no status)", n = r.n }
end
local enabled = one("SELECT coalesce(sum(enabled = 1), 0) AS yes, coalesce(sum(enabled = 0), 0) AS no FROM users")

-- MFA by preferred method when the snapshot has each user's details, else by MFAOptions.
local MFA_NAMES = { SMS_MFA = "SMS_MFA (text message)", SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA (authenticator app)",
                    EMAIL_OTP = "EMAIL_OTP (e-mail code)", none = "no MFA" }
local mfa_sql = details and [[
  SELECT CASE WHEN NOT json_valid(mfa) THEN 'none'
    WHEN json_extract(mfa, '$.PreferredMfaSetting') IS NOT NULL THEN json_extract(mfa, '$.PreferredMfaSetting')
    WHEN json_array_length(mfa, '$.UserMFASettingList') > 0 THEN 'enabled, none preferred'
    ELSE 'none' END AS method, count(*) AS n FROM users GROUP BY method ORDER BY n DESC, method]] or [[
  SELECT CASE WHEN json_valid(mfa) AND json_array_length(mfa, '$.MFAOptions') > 0 THEN
    'MFAOptions: ' || (SELECT group_concat(DISTINCT json_extract(o.value, '$.DeliveryMedium')) FROM json_each(mfa, '$.MFAOptions') o)
    ELSE 'none' END AS method, count(*) AS n FROM users GROUP BY method ORDER BY n DESC, method]]
local mfa, mfa_users = {}, 0
for _, r in ipairs(rows(mfa_sql)) do
  mfa[#mfa + 1] = { label = MFA_NAMES[r.method] or r.method, n = r.n }
  if r.method ~= "none" then mfa_users = mfa_users + r.n end
end

local v = one([[SELECT coalesce(sum(name = 'email'), 0) AS email, coalesce(sum(name = 'email_verified' AND value = 'true'), 0) AS email_ok,
  coalesce(sum(name = 'phone_number'), 0) AS phone, coalesce(sum(name = 'phone_number_verified' AND value = 'true'), 0) AS phone_ok
  FROM attributes WHERE name IN ('email', 'email_verified', 'phone_number', 'phone_number_verified')]])
local verified = { { label = "have an e-mail address", n = v.email }, { label = "e-mail verified", n = v.email_ok },
                   { label = "have a phone number", n = v.phone }, { label = "phone number verified", n = v.phone_ok } }

local created = rows([[SELECT strftime('%Y-%m', created, 'unixepoch') AS month, count(*) AS n FROM users
  WHERE created IS NOT NULL GROUP BY month ORDER BY month]])
local AGES = { { "under 7 days", 7 }, { "7 to 30 days", 30 }, { "30 to 90 days", 90 }, { "90 days to 1 year", 365 },
               { "1 to 2 years", 730 }, { "over 2 years" } }
local cases = {}
for k, age in ipairs(AGES) do
  if age[2] then cases[#cases + 1] = ("WHEN ?1 - modified < %d THEN %d"):format(age[2] * DAY, k) end
end
local ages = {}
for k, age in ipairs(AGES) do ages[k] = { label = age[1], n = 0 } end
for _, r in ipairs(rows("SELECT CASE " .. table.concat(cases, " ") .. (" ELSE %d END AS bucket, count(*) AS n FROM users "
    .. "WHERE modified IS NOT NULL GROUP BY bucket"):format(#AGES), at)) do
  ages[r.bucket].n = r.n
end

local coverage, held = {}, {}
for _, r in ipairs(rows("SELECT name, count(*) AS n FROM attributes GROUP BY name ORDER BY n DESC, name")) do
  coverage[#coverage + 1] = { label = r.name, n = r.n }
  held[r.name] = true
end
local unused = {}
for _, r in ipairs(rows([[SELECT json_extract(s.value, '$.Name') AS name FROM config c, json_each(c.json, '$.SchemaAttributes') s
    WHERE c.kind = 'user_pool' ORDER BY name]])) do
  if r.name and not held[r.name] then unused[#unused + 1] = r.name end
end

local groups, in_groups = {}, 0
for _, r in ipairs(rows([[SELECT g.name AS name, (SELECT count(*) FROM memberships m WHERE m.group_name = g.name) AS n
    FROM groups g ORDER BY n DESC, g.name]])) do
  if #groups < 40 then groups[#groups + 1] = { label = r.name, n = r.n } else in_groups = in_groups + r.n end
end
local group_count = one("SELECT count(*) AS n FROM groups").n
local no_group = one([[SELECT count(*) AS n FROM users u
  WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.username = u.username)]]).n

-- ---------------------------------------------------------------- what needs attention

local attention = {}
local function attend(id, title, explanation, count, count_text, examples)
  attention[#attention + 1] = { id = id, title = title, explanation = explanation, count = count, count_text = count_text,
    state = count > 0 and "found" or "clear", examples = examples, more = count > #examples and grouped(count - #examples) or nil }
end
local function stale(status, id, title, explanation)
  local cutoff = at - 30 * DAY
  local n = one("SELECT count(*) AS n FROM users WHERE status = ? AND created < ?", status, cutoff).n
  local examples = {}
  for _, r in ipairs(rows("SELECT username, created FROM users WHERE status = ? AND created < ? ORDER BY created, username LIMIT ?",
      status, cutoff, SHOWN)) do
    examples[#examples + 1] = { name = r.username, detail = "created " .. day(r.created) }
  end
  attend(id, title, explanation, n, users(n), examples)
end
stale("UNCONFIRMED", "stale-unconfirmed", "UNCONFIRMED for more than 30 days",
  "Signed up and never confirmed: most are abandoned sign-ups, and they still hold their e-mail address or phone number.")
stale("FORCE_CHANGE_PASSWORD", "stale-force-change", "FORCE_CHANGE_PASSWORD for more than 30 days",
  "Created by an administrator and never signed in: their temporary password has expired, so they need a new invitation.")

local dup = one([[SELECT count(*) AS addresses, coalesce(sum(n), 0) AS users FROM
  (SELECT count(*) AS n FROM attributes WHERE name = 'email' GROUP BY lower(value) HAVING count(*) > 1)]])
local dup_examples = {}
for _, r in ipairs(rows([[SELECT lower(value) AS email, group_concat(username, ', ') AS names FROM attributes
    WHERE name = 'email' GROUP BY lower(value) HAVING count(*) > 1 ORDER BY lower(value) LIMIT ?]], SHOWN)) do
  dup_examples[#dup_examples + 1] = { name = r.email, detail = r.names }
end
attend("duplicate-emails", "E-mail addresses held by more than one user (letter case ignored)",
  "One person with several accounts, or addresses that differ only in case: sign-in and recovery by e-mail cannot tell them apart.",
  dup.addresses, ("%s %s, %s"):format(grouped(dup.addresses), dup.addresses == 1 and "address" or "addresses", users(dup.users)),
  dup_examples)

local disabled_in = one([[SELECT count(DISTINCT m.username) AS n FROM memberships m JOIN users u ON u.username = m.username
  WHERE u.enabled = 0]]).n
local disabled_examples = {}
for _, r in ipairs(rows([[SELECT u.username AS username, group_concat(m.group_name, ', ') AS names FROM users u
    JOIN memberships m ON m.username = u.username WHERE u.enabled = 0 GROUP BY u.username ORDER BY u.username LIMIT ?]], SHOWN)) do
  disabled_examples[#disabled_examples + 1] = { name = r.username, detail = "in " .. r.names }
end
attend("disabled-in-groups", "Disabled users still in groups",
  "Enabling such a user again gives back every group's role and permissions at once.", disabled_in, users(disabled_in),
  disabled_examples)
db:close()

-- ---------------------------------------------------------------- --compare: snapshot.diff

local compare
if older then
  local o = snapshot.open(older)
  local om = o.meta
  o:close()
  local counts, fields, names = { added = 0, removed = 0, changed = 0 }, {}, { added = {}, removed = {}, changed = {} }
  local function field(name, kind)
    local f = fields[name] or { name = name, users = 0, set = 0, changed = 0, removed = 0 }
    fields[name], f.users, f[kind] = f, f.users + 1, f[kind] + 1
  end
  for d in snapshot.diff(older, file) do
    counts[d.change] = counts[d.change] + 1
    if #names[d.change] < SHOWN then table.insert(names[d.change], { name = d.username }) end
    for name, change in pairs(d.attributes or {}) do
      field(name, change.before == nil and "set" or change.after == nil and "removed" or "changed")
    end
    if d.enabled then field("(enabled)", "changed") end
    if d.status then field("(status)", "changed") end
    if d.groups then field("(groups)", "changed") end
  end
  local list, items = {}, {}
  for _, f in pairs(fields) do list[#list + 1] = f end
  table.sort(list, function(a, b) return a.users > b.users or (a.users == b.users and a.name < b.name) end)
  for k, f in ipairs(list) do items[k] = { label = f.name, n = f.users } end
  local lists = {}
  for _, change in ipairs({ "added", "removed", "changed" }) do
    local n = counts[change]
    lists[#lists + 1] = { title = "Users " .. change, count_text = grouped(n), examples = names[change],
                          more = n > #names[change] and grouped(n - #names[change]) or nil }
  end
  compare = { older_file = older, older_pool_id = om.pool_id or "", older_taken_at = om.finished_at or om.started_at or "",
    other_pool = om.pool_id ~= meta.pool_id and ("%s, not %s"):format(om.pool_id, meta.pool_id) or nil,
    added_text = grouped(counts.added), removed_text = grouped(counts.removed), changed_text = grouped(counts.changed),
    changes_chart = #items > 0 and bars("changes", "Users changed, per attribute (share of the users changed)", items,
      counts.changed) or nil, fields = list, lists = lists, counts = counts }
end

-- ---------------------------------------------------------------- the page

local page = template.render(template.builtin("report.html"), {
  pool_id = meta.pool_id or "", region = meta.region or "", taken_at = taken, started_at = meta.started_at or "",
  file = file, generated_at = os.date("!%Y-%m-%dT%H:%M:%SZ"), complete = complete, details = details,
  users_text = grouped(total), estimated_text = estimated and grouped(estimated) or "unknown",
  estimate_note = complete and estimated and estimated ~= total and ("DescribeUserPool estimated %s users when the snapshot "
    .. "was taken; the estimate lags behind the pool."):format(grouped(estimated)) or nil,
  status_chart = bars("status", "Users by status", statuses, total),
  enabled_chart = bars("enabled", "Enabled and disabled", { { label = "enabled", n = enabled.yes },
    { label = "disabled", n = enabled.no } }, total),
  mfa_share = percent(mfa_users, total),
  mfa_chart = bars("mfa", details and "MFA by preferred method" or "MFA by MFAOptions", mfa, total),
  verified_chart = bars("verified", "E-mail and phone verified (share of all users)", verified, total),
  created_chart = months("created", "Accounts created per month", created),
  modified_chart = bars("modified", "Last modified, before the snapshot was taken", ages, total),
  coverage_chart = bars("coverage", "Users that have each attribute", coverage, total),
  unused_attributes = unused,
  groups_text = ("%s group%s"):format(grouped(group_count), group_count == 1 and "" or "s"),
  no_group_text = ("%s (%s)"):format(users(no_group), percent(no_group, total)),
  groups_chart = #groups > 0 and bars("groups", "Members of each group (share of all users)", groups, total) or nil,
  groups_more = group_count > #groups and ("… and %s more groups, with %s memberships in all."):format(
    grouped(group_count - #groups), grouped(in_groups)) or nil,
  attention = attention, compare = compare,
}, { name = "report.html" })
template.write(out, page)

local found = 0
for _, a in ipairs(attention) do if a.count > 0 then found = found + 1 end end
local summary = ("report %s: %s in %s, %s%s, MFA %s, %d of %d checks found users%s"):format(out, meta.pool_id or "?",
  meta.region or "?", users(total), complete and "" or " (incomplete snapshot)", percent(mfa_users, total), found,
  #attention, compare and (", %s added, %s removed, %s changed"):format(compare.added_text, compare.removed_text,
    compare.changed_text) or "")
if log.format == "json" then
  local checks = {}
  for _, a in ipairs(attention) do checks[a.id] = a.count end
  print(json.encode({ report = out, pool_id = meta.pool_id, region = meta.region, taken_at = taken, complete = complete,
    users = total, estimated_users = estimated, mfa_users = mfa_users, attention = checks,
    compare = compare and compare.counts, msg = summary }))
else
  print(out)
  log.info("%s", summary)
end
