-- seed-local-pool.lua: creates a small user pool to try the other examples on, and
-- writes a CSV for bulk-update.lua next to it. Meant for a local test endpoint
-- (scripts/run-example starts one); against AWS it would create a real pool.
--
--   cogsh --endpoint-url http://127.0.0.1:5000 examples/seed-local-pool.lua NAME [CSV_PATH]
--
-- Prints the new pool's id on stdout. Users sign in with their e-mail address
-- (UsernameAttributes = email), so two users cannot share one: that is what makes
-- AliasExistsException happen in bulk-update.lua.
local name, csv_path = ...
assert(name, "usage: cogsh examples/seed-local-pool.lua POOL_NAME [CSV_PATH]")

local pool = cognito.create_user_pool{
  PoolName = name,
  UsernameAttributes = { "email" },
  Schema = {
    { Name = "tier", AttributeDataType = "String", Mutable = true },
    { Name = "display_name", AttributeDataType = "String", Mutable = true },
  },
}.UserPool.Id

-- Some addresses in mixed case (nightly-maintenance.lua lowers them), some users
-- with a `name` (copy-attribute.lua copies it), one verified address.
local users = {
  { email = "alice@example.com", name = "Alice" },
  { email = "Bob@Example.com", name = "Bob" },
  { email = "carol@example.com", name = "Carol" },
  { email = "DAVE@EXAMPLE.COM" },
  { email = "erin@example.com", name = "Erin", email_verified = true },
  { email = "frank@example.org", name = "Frank" },
  { email = "grace@example.org" },
  { email = "heidi@example.com", name = "Heidi" },
  { email = "Ivan@Example.net", name = "Ivan" },
  { email = "judy@example.net" },
}
for _, u in ipairs(users) do
  cognito.admin_create_user{
    UserPoolId = pool,
    Username = u.email,
    MessageAction = "SUPPRESS",   -- no invitation e-mail
    UserAttributes = u,           -- the map form: names sorted, true -> "true"
  }
end

if csv_path then
  local w = csv.writer(csv_path, { header = { "username", "email", "tier" } })
  w:write{ username = "alice@example.com", email = "alice@example.com", tier = "gold" }
  w:write{ username = "Bob@Example.com", email = "bob@example.com", tier = "silver" }
  w:write{ username = "carol@example.com", email = "", tier = "gold" }
  w:write{ username = "ghost@example.com", email = "ghost@example.com", tier = "gold" }  -- no such user
  w:write{ username = "heidi@example.com", email = "alice@example.com", tier = "bronze" } -- alice's address
  w:write{ username = "Ivan@Example.net", email = "ivan@example.net", tier = "silver" }
  w:close()
end

print(pool)
