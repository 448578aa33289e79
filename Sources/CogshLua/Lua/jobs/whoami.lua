-- cogsh -m whoami: who cogsh would act as, and where, before a job changes anything.
-- Prints the caller identity (STS GetCallerIdentity), where the credentials came from,
-- the region and endpoint in use, and the pace of each quota category.
-- Written with the public Lua API only: copy it (cogsh -m whoami --source) and change it.
if select("#", ...) > 0 then
  if (...) == "--help" or (...) == "-h" then print("usage: cogsh [options] -m whoami") return end
  io.stderr:write("usage: cogsh [options] -m whoami (it takes no arguments; cogsh's options go before -m)\n")
  os.exit(2)
end
local config = cognito.config()
local creds = aws.credentials()
local id = aws.caller_identity()

local function line(name, value, note)
  print(("%-12s %s%s"):format(name, value, note and ("  (" .. note .. ")") or ""))
end

line("account", id.account)
line("arn", id.arn)
line("user id", id.user_id)
line("credentials", creds.source, creds.expiration and ("expire " .. os.date("!%Y-%m-%d %H:%M:%S UTC", creds.expiration)))
line("profile", config.profile)
line("region", config.region, config.region_source)
line("endpoint", config.endpoint, config.endpoint_source)
line("retries", config.retry_mode, config.max_attempts .. " attempts")
if config.dry_run then line("dry run", "yes", "mutating calls are shown, not sent") end

print("quotas (requests per second cogsh paces each category at):")
local names = {}
for name in pairs(config.rates) do names[#names + 1] = name end
table.sort(names)
for _, name in ipairs(names) do
  print(("  %-24s %7.2f"):format(name, config.rates[name]))
end
