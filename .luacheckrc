-- luacheck's settings for every .lua file of the repository (scripts/test runs it).
std = "lua54"
max_line_length = 140

-- What cogsh gives every script and job: its modules as globals.
read_globals = { "cognito", "task", "aws", "json", "csv", "log", "help", "snapshot", "template" }

-- cogsh's own Lua: each file is a chunk whose `...` is the Swift half (or the modules
-- it builds on), loaded by BuiltinLua.swift.
files["Sources/CogshLua/Lua/runtime/prelude.lua"] = {
  -- The one place cogsh changes the standard library: os.exit writes the run summary.
  globals = { "os" },
}
files["Sources/CogshLua/Lua/runtime/repl.lua"] = {
  -- The REPL completes and prints whatever globals the session has made.
  read_globals = { "_G" },
}

-- Definition files: lua-language-server annotations over stub functions. They declare
-- the modules' globals and their functions' parameters, which nothing uses.
files["Sources/CogshLua/Lua/types"] = {
  globals = { "cognito", "task", "aws", "json", "csv", "log", "help", "snapshot", "template" },
  unused_args = false,
  unused = false,
  -- A field's description is one line, as lua-language-server shows it.
  max_line_length = false,
}
