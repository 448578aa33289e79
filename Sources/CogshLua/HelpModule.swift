import LuaHost

/// `help()` lists the modules; `help(f)` describes a function. Modules add their
/// entries to the registry table `help.entries` keyed by the function value itself,
/// so `help(cognito.admin_update_user_attributes)` finds its text.
enum HelpModule {
    static let source = """
    local entries = setmetatable({}, { __mode = "k" })
    local topics = {}
    local help = {}
    function help.add(fn, text) entries[fn] = text end
    function help.topic(name, text) topics[name] = text end
    local function show(v)
      if v == nil then
        local names = {}
        for name in pairs(topics) do names[#names + 1] = name end
        table.sort(names)
        local lines = { "cogsh modules (help(module.function) describes a function):" }
        for _, name in ipairs(names) do lines[#lines + 1] = string.format("  %-8s %s", name, topics[name]) end
        return table.concat(lines, "\\n")
      end
      if entries[v] then return entries[v] end
      if type(v) == "table" then
        for name, t in pairs(_G) do
          if t == v and topics[name] then
            local fns = {}
            for k, f in pairs(v) do if type(f) == "function" then fns[#fns + 1] = name .. "." .. k end end
            table.sort(fns)
            return name .. ": " .. topics[name] .. "\\n  " .. table.concat(fns, "\\n  ")
          end
        end
      end
      return "no help for this " .. type(v)
    end
    setmetatable(help, { __call = function(_, v) print(show(v)) end })
    help.text = show
    help.topic("json", "json.encode(v[, {pretty=true}]), json.decode(s), json.null, json.array(t)")
    help.topic("csv", "csv.rows(path[, opts]) iterates records; csv.writer(path[, opts]) writes them")
    help.topic("log", "log.debug/info/warn/error(fmt, ...) write one line to stderr")
    help.topic("task", "task.map(items, fn, opts) runs many calls at once under the quotas; task.spawn, task.wait, task.sleep")
    return help
    """

    /// One line of help for each function of the other modules (cognito operations
    /// get theirs from the service model when they are first used).
    static let entries = """
    local add = help.add
    add(json.encode, "json.encode(value[, {pretty = true}]) -> string\\n  Keys sorted; {} is an object unless json.array marks it; NaN, cycles and invalid UTF-8 raise ValidationError.")
    add(json.decode, "json.decode(text) -> value\\n  Arrays get the json.array metatable, null is json.null; bad text raises ParseError with .position.")
    add(json.array, "json.array([t]) -> t\\n  Marks a table as a JSON array, so an empty one encodes as [].")
    add(csv.rows, "csv.rows(path[, {delimiter = ',', header = true}]) -> iterator\\n  Each record as a table keyed by the header row; a record with the wrong field count raises ParseError.")
    add(csv.writer, "csv.writer(path[, {delimiter = ',', header = {names...}}]) -> writer\\n  writer:write(row) takes a list, or a map when header names are given; writer:close().")
    for _, level in ipairs({ "debug", "info", "warn", "error" }) do
      add(log[level], "log." .. level .. "(fmt, ...)\\n  One line on stderr (text or --log-format json), formatted by string.format.")
    end
    add(task.map, "task.map(items, fn[, { workers, key, journal, errors, progress, total, label }]) -> { done, skipped, failed, elapsed, failures }\\n  fn(item) for every item of a sequence or iterator, workers at a time, paced; a journal makes the job resumable.")
    add(task.spawn, "task.spawn(fn, ...) -> task\\n  Runs fn(...) as a task at once, until its first wait.")
    add(task.wait, "task.wait(t) -> the task's results\\n  Waits for a task; raises its error if it failed.")
    add(task.sleep, "task.sleep(seconds)\\n  Waits without holding up the other tasks.")
    add(aws.sign, "aws.sign{ method, url, headers, body, region, service, time, credentials, normalize_path, sign_body }\\n  -> { headers, authorization, signature, canonical_request, string_to_sign }")
    add(aws.credentials, "aws.credentials() -> { source, access_key_id[, expiration] }\\n  The identity the credential chain resolved; never the secret.")
    """

    static func installEntries(in state: LuaState) {
        state.evaluateModule(entries, name: Runtime.chunkName("help"), argument: false)
        state.stack.pop()
    }

    static func install(in state: LuaState) {
        state.evaluateModule(source, name: Runtime.chunkName("help"), argument: false)
        state.publishModule("help")
    }
}
