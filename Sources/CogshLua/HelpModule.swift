import CLua
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
    return help
    """

    static func install(in state: LuaState) {
        guard case .success = state.evaluate(source, name: "=help") else { return }
        lua_pushvalue(state.L, -1)
        state.stack.setGlobal("help")
        state.registerLoaded("help")
    }
}
