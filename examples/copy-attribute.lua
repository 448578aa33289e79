-- copy-attribute.lua: copies one attribute into a custom attribute for every user
-- of a pool, e.g. the standard `name` into `custom:display_name` before an app
-- starts reading the custom one. Users without the source attribute are skipped;
-- users whose target already holds the same value are left alone.
--
--   cogsh examples/copy-attribute.lua POOL_ID [SOURCE [TARGET]]
--
-- SOURCE defaults to `name`, TARGET to `custom:display_name`; a TARGET without the
-- `custom:` prefix gets it. Prints `copied=N skipped=M unchanged=K`.
local pool, source, target = ...
pool = pool or os.getenv("COGSH_POOL_ID")
if not pool then
  io.stderr:write("usage: cogsh examples/copy-attribute.lua POOL_ID [SOURCE [TARGET]]\n")
  os.exit(2)
end
source = source or "name"
target = target or "custom:display_name"
if not target:find("^custom:") and not target:find("^dev:custom:") then target = "custom:" .. target end

local copied, skipped, unchanged = 0, 0, 0
for user in cognito.each.list_users{ UserPoolId = pool } do
  local attrs = user.Attributes   -- the list, which also answers by name
  local value = attrs[source]
  if value == nil then
    skipped = skipped + 1
  elseif attrs[target] == value then
    unchanged = unchanged + 1
  else
    cognito.admin_update_user_attributes{
      UserPoolId = pool,
      Username = user.Username,
      UserAttributes = { { Name = target, Value = value } },
    }
    copied = copied + 1
  end
end
print(string.format("copied=%d skipped=%d unchanged=%d", copied, skipped, unchanged))
