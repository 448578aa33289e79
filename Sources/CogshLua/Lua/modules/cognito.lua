-- The Lua half of the `cognito` module: lazy operation functions, `call`, the
-- paginators, `errors`, `try`, `client` and `config`. Written in Lua because it is the
-- shape of a Lua API, and so that iterators and handlers are plain Lua functions. S holds
-- the Swift half (CognitoModule.swift): lookup, invoke, paginator, errors, help, config.
local S = ...
local sched = S.sched
local help = package.loaded.help
local null = package.loaded.json and package.loaded.json.null

local function try(fn, handlers)
  local res = table.pack(pcall(fn))
  if res[1] then return table.unpack(res, 2, res.n) end
  local err = res[2]
  local code = type(err) == "table" and rawget(err, "code") or nil
  local handler = (code and handlers[code]) or handlers.default
  if handler then return handler(err) end
  error(err, 0)
end

local function copy(t)
  local c = {}
  for k, v in next, t or {} do c[k] = v end
  return c
end

local function make(send, config)
  local client = { try = try, dry_run = S.dry_run, config = config }

  -- While tasks live, a call goes through the scheduler: in a task it waits there
  -- while the others run; outside one, the others run until its answer is in.
  local active, await = sched.active, sched.await
  local function invoke(api, params)
    if active() then return await(send(api, params, true)) end
    return send(api, params)
  end

  local function call(name, params)
    local resp = invoke(S.lookup(name), params)   -- not a tail call: tracebacks name cognito.call
    return resp
  end
  client.call = call

  -- Pages follow the model's tokens; a token that does not change ends the walk.
  -- While tasks run, the next page is asked for as soon as a page arrives, so the
  -- workers of a task.map fed by `each` never wait a round trip for a page.
  local function pages(api, params)
    local p = S.paginator(api)
    local args, done, ahead = copy(params), false, nil
    local function fetch()
      if ahead ~= nil then
        local id = ahead
        ahead = nil
        return sched.await(id)
      end
      return invoke(api, args)
    end
    return function()
      if done then return nil end
      local resp = fetch()
      local token = resp[p.output_token]
      if token == nil or token == null or token == "" or token == args[p.input_token] then
        done = true
      else
        args[p.input_token] = token
        if active() then ahead = call(api, args, true) end
      end
      return resp
    end, p
  end

  local function each(api, params)
    local next_page, p = pages(api, params)
    local items, i = {}, 0
    return function()
      while true do
        i = i + 1
        if items[i] ~= nil then return items[i] end
        local resp = next_page()
        if resp == nil then return nil end
        items, i = resp[p.result_key] or {}, 0
      end
    end
  end

  local function lazy(build)
    return setmetatable({}, { __index = function(t, name)
      local f = build(S.lookup(name))
      rawset(t, name, f)
      return f
    end })
  end
  client.pages = lazy(function(api) return function(params) return pages(api, params) end end)
  client.each = lazy(function(api) return function(params) return each(api, params) end end)
  client.errors = lazy(function(api) return S.errors(api) end)
  client.client = function(opts) return make(S.new_client(opts)) end

  return setmetatable(client, {
    __name = "cogsh.Cognito",
    __index = function(t, name)
      if type(name) ~= "string" then return nil end
      local api = S.lookup(name)
      -- Not a tail call: a traceback names the operation (cognito.admin_get_user).
      local f = function(params) local resp = invoke(api, params) return resp end
      if help then help.add(f, S.help(api)) end
      rawset(t, name, f)
      return f
    end,
    -- The REPL's Tab completion lists operations through this.
    __names = S.names,
  })
end

return make(S.invoke, S.config)
