-- The Lua half of the `task` module: the scheduler and `spawn`, `wait`, `sleep`. Tasks
-- are coroutines. A task waits (a call in flight, a sleep, another task) by yielding the
-- host's wait marker; the scheduler resumes it when the answer is in. A wait outside any
-- task (the main chunk) runs the scheduler in place until its own answer is in, so the
-- other tasks go on meanwhile. cogsh's coroutine.resume and coroutine.wrap pass a wait
-- made inside a plain coroutine on to the scheduler (LuaHost/LuaWaits.swift). Written in
-- Lua because it is the shape of a Lua API: handles are tables, and every task's
-- function runs as plain Lua. S holds the Swift half (TaskModule.swift): poll, sleep,
-- the wait marker, the stop signals, the journal, the progress line.
local S = ...
local marker, resume = S.marker, S.resume
local yield, isyieldable, costatus = coroutine.yield, coroutine.isyieldable, coroutine.status
local pack, unpack, traceback = table.pack, table.unpack, S.traceback
local type, error, tostring = type, error, tostring

local function invalid(message, field) return S.error("ValidationError", message, field or "") end

local Task = { __name = "cogsh.Task" }
function Task.__tostring(t) return "task (" .. t.state .. ")" end

local sched = {}
local live = 0            -- tasks started and not yet ended
local current = nil       -- the task being run (nil: outside any task)
local ready, rhead, rtail = {}, 1, 0   -- tasks to resume, with what
local on_op = {}          -- op id -> the task waiting for it, or true for a wait in place
local answers = {}        -- op id -> its answer, for a wait in place
local unwaited = {}       -- failed tasks nobody has waited for, in order
local tickers = {}        -- called at every wake-up while waiting (progress, journal flush)

local function push_ready(t, values)
  rtail = rtail + 1
  ready[rtail] = { t, values }
end

local function finish(t, ok, result)
  live = live - 1
  if ok then
    t.state, t.results = "done", result
  else
    -- The task's own traceback, where the error happened.
    if type(result) == "string" then
      result = traceback(t.co, result, 0)
    elseif type(result) == "table" and rawget(result, "traceback") == nil then
      rawset(result, "traceback", traceback(t.co, nil, 0))
    end
    t.state, t.err = "failed", result
    if #t.waiters == 0 and not t.waited then unwaited[#unwaited + 1] = t end
  end
  for _, w in ipairs(t.waiters) do push_ready(w, pack(true)) end
  t.waiters = {}
end

-- Runs `t` until it waits or ends.
local function step(t, values)
  local outer = current
  current = t
  t.state = "running"
  local r = pack(resume(t.co, unpack(values, 1, values.n)))
  current = outer
  if not r[1] then return finish(t, false, r[2]) end
  if costatus(t.co) == "dead" then return finish(t, true, r) end
  if r[2] == marker then
    t.state = "waiting"
    if r[3] == "op" then
      on_op[r[4]] = t
    elseif r[3] == "task" then
      local other = r[4]
      other.waiters[#other.waiters + 1] = t
    end
    return  -- "park": someone pushes it ready again
  end
  coroutine.close(t.co)
  finish(t, false, invalid("a task yielded outside a coroutine of its own (coroutine.yield at the top of a task's function)"))
end

local function tick()
  for f in next, tickers do f() end
end

-- Runs the scheduler until `done()` holds: ready tasks first, then the answers
-- that have come in. With nothing ready and nothing in flight, `done()` can never
-- come true: every remaining task waits for another.
local function run_until(done)
  while not done() do
    if rhead <= rtail then
      local item = ready[rhead]
      ready[rhead] = nil
      rhead = rhead + 1
      step(item[1], item[2])
    elseif next(on_op) == nil then
      error(S.error("ValidationError", "every task is waiting for another, so none can go on (a cycle of task.wait)", ""), 0)
    else
      local got = S.poll(next(tickers) and 0.1 or 1.0)
      for i = 1, got.n, 3 do
        local id, ok, value = got[i], got[i + 1], got[i + 2]
        local waiter = on_op[id]
        on_op[id] = nil
        if waiter == true then
          answers[id] = pack(ok, value)
        elseif waiter then
          push_ready(waiter, pack(ok, value))
        end
      end
      tick()
    end
  end
end
sched.run_until = run_until

-- True while any task lives: calls then go through the scheduler.
function sched.active() return live > 0 end

-- Waits for op `id` (an integer from S.start*), or passes an immediate answer on.
function sched.await(id)
  if type(id) ~= "number" then return id end
  local ok, value
  if current and isyieldable() then
    ok, value = yield(marker, "op", id)
  else
    on_op[id] = true
    run_until(function() return answers[id] ~= nil end)
    local a = answers[id]
    answers[id] = nil
    ok, value = a[1], a[2]
  end
  if ok then return value end
  error(value, 0)
end

-- Where a wait inside a plain coroutine cannot be passed on (the coroutine runs
-- under the main chunk, or under a C function), it is waited for here.
function sched.wait_in_place(_, kind, x)
  if kind == "op" then
    on_op[x] = true
    run_until(function() return answers[x] ~= nil end)
    local a = answers[x]
    answers[x] = nil
    return a[1], a[2]
  elseif kind == "task" then
    run_until(function() return x.state == "done" or x.state == "failed" end)
    return true
  end
  error(invalid("a task's internal wait cannot happen here"), 0)
end

-- Ends every task (after a chunk): the first failure nobody waited for is raised
-- as the chunk's own error; the others are reported before it.
function sched.drain()
  if live > 0 then run_until(function() return live == 0 end) end
  if #unwaited == 0 then return end
  local failed = unwaited
  unwaited = {}
  for i = 2, #failed do S.report(failed[i].err) end
  error(failed[1].err, 0)
end

-- Forgets every task (the REPL after an interrupted line).
function sched.reset()
  live, current, ready, rhead, rtail = 0, nil, {}, 1, 0
  on_op, answers, unwaited, tickers = {}, {}, {}, {}
  S.forget()
end

sched.tickers = tickers

-- A function, or a table that can be called like one.
local function callable(f)
  if type(f) == "function" then return true end
  local mt = getmetatable(f)
  return type(mt) == "table" and rawget(mt, "__call") ~= nil
end
sched.callable = callable

local task = {}

function task.spawn(fn, ...)
  if not callable(fn) then error(invalid("task.spawn expects a function, got a " .. type(fn), "fn"), 2) end
  local t = setmetatable({ state = "ready", waiters = {} }, Task)
  t.co = coroutine.create(type(fn) == "function" and fn or function(...) return fn(...) end)
  live = live + 1
  step(t, pack(...))
  return t
end

function task.wait(t)
  if getmetatable(t) ~= Task then
    error(invalid("task.wait expects a task (what task.spawn returns), got a " .. type(t), "task"), 2)
  end
  if t == current then error(invalid("a task cannot wait for itself", "task"), 2) end
  t.waited = true
  for i, f in ipairs(unwaited) do if f == t then table.remove(unwaited, i) break end end
  if t.state ~= "done" and t.state ~= "failed" then
    if current and isyieldable() then
      yield(marker, "task", t)
    else
      run_until(function() return t.state == "done" or t.state == "failed" end)
    end
  end
  if t.state == "done" then return unpack(t.results, 2, t.results.n) end
  error(t.err, 0)
end

function task.sleep(seconds)
  if type(seconds) ~= "number" or seconds ~= seconds or seconds < 0 then
    error(invalid("task.sleep expects a number of seconds (0 or more), got " .. tostring(seconds), "seconds"), 2)
  end
  return sched.await(S.sleep(seconds))
end

-- Parks the running task until `unpark` pushes it ready again (task.map's feeder).
function sched.park() yield(marker, "park") end
function sched.unpark(t) push_ready(t, pack(true)) end
function sched.current() return current end

return task, sched
