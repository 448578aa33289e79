-- hello.lua: a first script that needs no AWS account: prints a greeting and
-- round-trips a table through json.
--
--   cogsh examples/hello.lua [NAME]
local name = ... or os.getenv("USER") or "world"
local doc = json.decode(json.encode{ greeting = "Hello", to = name, modules = json.array{ "cognito", "aws", "json", "csv", "log" } })
print(string.format("%s, %s! cogsh is running %s.", doc.greeting, doc.to, _VERSION))
print("modules: " .. table.concat(doc.modules, ", "))
