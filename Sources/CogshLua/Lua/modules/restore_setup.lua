-- What snapshot.restore sets up before users are restored: its options, the new pool
-- of a clone (from the snapshot's configuration), what a clone does not copy, and how a
-- user's attributes are compared with a live one's.
local S, check = ...
local json = package.loaded.json

local restore = {}
local OPTIONS = { file = true, UserPoolId = true, dry_run = true, groups = true, add_custom_attributes = true,
                  create_pool = true, progress = true }

local function invalid(message, field) return S.error("ValidationError", message, field) end

local function options(opts)
  if type(opts) ~= "table" then error(invalid("snapshot.restore expects a table of options", ""), 3) end
  for k in pairs(opts) do
    if not OPTIONS[k] then error(invalid("snapshot.restore: unknown option " .. tostring(k), tostring(k)), 3) end
  end
  local function want(name, kind)
    if opts[name] ~= nil and type(opts[name]) ~= kind then
      error(invalid(("snapshot.restore: %s must be a %s, got a %s"):format(name, kind, type(opts[name])), name), 4)
    end
  end
  for _, name in ipairs{ "file", "UserPoolId", "create_pool" } do want(name, "string") end
  for _, name in ipairs{ "dry_run", "groups", "add_custom_attributes", "progress" } do want(name, "boolean") end
  if not opts.file then error(invalid("snapshot.restore: file is required", "file"), 3) end
  if (opts.UserPoolId == nil) == (opts.create_pool == nil) then
    error(invalid("snapshot.restore: give UserPoolId (an existing pool) or create_pool (a name for a new one)",
      "UserPoolId"), 3)
  end
  return { file = opts.file, pool = opts.UserPoolId, create = opts.create_pool, groups = opts.groups ~= false,
           dry = opts.dry_run == true or cognito.dry_run, add = opts.add_custom_attributes == true, progress = opts.progress }
end

-- A custom attribute's definition as the schema APIs take it: without its prefix.
local function schema_entry(name, def)
  local bare = name:gsub("^dev:custom:", ""):gsub("^custom:", "")
  return { Name = bare, AttributeDataType = def.AttributeDataType or "String", Mutable = def.Mutable ~= false,
           DeveloperOnlyAttribute = name:find("^dev:") ~= nil or def.DeveloperOnlyAttribute == true or nil,
           StringAttributeConstraints = def.StringAttributeConstraints, NumberAttributeConstraints = def.NumberAttributeConstraints }
end

-- A new pool from the snapshot's configuration: schema (custom attributes, required
-- standard ones), policies, username attributes, account recovery, MFA.
local function create_pool(c, name)
  local src = c.source_pool
  local schema = {}
  for attr_name, def in pairs(c.customs) do schema[#schema + 1] = schema_entry(attr_name, def) end
  for _, a in ipairs(src.SchemaAttributes or {}) do
    if a.Required and a.Name ~= "sub" and not a.Name:find(":") then
      schema[#schema + 1] = { Name = a.Name, AttributeDataType = a.AttributeDataType, Mutable = a.Mutable, Required = true }
    end
  end
  table.sort(schema, function(a, b) return a.Name < b.Name end)
  local pool = cognito.create_user_pool{ PoolName = name, Schema = schema, Policies = src.Policies,
    UsernameAttributes = src.UsernameAttributes, AliasAttributes = src.AliasAttributes,
    AutoVerifiedAttributes = src.AutoVerifiedAttributes, UsernameConfiguration = src.UsernameConfiguration,
    AccountRecoverySetting = src.AccountRecoverySetting }.UserPool
  return pool.Id
end

-- The new pool's MFA configuration as the snapshot's: a step of its own, so a clone
-- killed between the two calls sets it on the next run.
local function pool_mfa(c, pool)
  local mfa = check.config(c.db, "mfa_config")
  if mfa and mfa.MfaConfiguration and mfa.MfaConfiguration ~= "OFF" then
    cognito.set_user_pool_mfa_config{ UserPoolId = pool, MfaConfiguration = mfa.MfaConfiguration,
      SoftwareTokenMfaConfiguration = mfa.SoftwareTokenMfaConfiguration, SmsMfaConfiguration = mfa.SmsMfaConfiguration,
      EmailMfaConfiguration = mfa.EmailMfaConfiguration }
  end
end

-- What the clone does not copy, for the operator: clients, providers, triggers.
local function not_copied(c)
  local out = {}
  for _, kind in ipairs{ "client", "identity_provider", "resource_server", "domain" } do
    local names = {}
    for row in c.db:query("SELECT name, json FROM config WHERE kind = ? ORDER BY name", kind) do
      local ok, item = pcall(json.decode, row.json)
      names[#names + 1] = ok and type(item) == "table" and (item.ClientName or item.ProviderName or item.Name) or row.name
    end
    if #names > 0 then out[#out + 1] = ("  %s: %s (not copied; make them in the new pool)"):format(kind, table.concat(names, ", ")) end
  end
  if c.source_pool.LambdaConfig and next(c.source_pool.LambdaConfig) then
    out[#out + 1] = "  Lambda triggers: not copied (they would run on every restored user)"
  end
  return out
end

-- The attributes a create sets, as a map (the list form's order does not matter).
local function writable(attrs)
  local out = {}
  for i = 1, #attrs do
    local a = attrs[i]
    if not check.not_writable[a.Name] then out[a.Name] = a.Value end
  end
  return out
end

local function same(a, b)
  for k, v in pairs(a) do if b[k] ~= v then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

-- Groups that differ between two snapshots (verify): missing, extra, or with another
-- description, precedence or role. `old` and `new` are closed when done.
local function group_differences(old, new)
  local function groups(db)
    local out = {}
    for g in db:query("SELECT name, description, precedence, role_arn FROM groups") do out[g.name] = g end
    db:close()
    return out
  end
  local before, after = groups(old), groups(new)
  local out = {}
  for name, g in pairs(before) do
    local h = after[name]
    if not h then
      out[#out + 1] = { group = name, change = "removed" }
    else
      local fields = {}
      for _, f in ipairs{ "description", "precedence", "role_arn" } do
        if g[f] ~= h[f] then fields[f] = { before = g[f], after = h[f] } end
      end
      if next(fields) then out[#out + 1] = { group = name, change = "changed", fields = fields } end
    end
  end
  for name in pairs(after) do
    if not before[name] then out[#out + 1] = { group = name, change = "added" } end
  end
  table.sort(out, function(a, b) return a.group < b.group end)
  return out
end

restore.options, restore.create_pool, restore.pool_mfa, restore.not_copied = options, create_pool, pool_mfa, not_copied
restore.writable, restore.same, restore.schema_entry = writable, same, schema_entry
restore.group_differences = group_differences
return restore
