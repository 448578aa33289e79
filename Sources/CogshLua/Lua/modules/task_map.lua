-- The Lua half of `task.map`: workers (tasks) pulling items one at a time from a
-- sequence or an iterator, a journal of finished keys, `errors = "stop"|"continue"`,
-- progress and the summary. The journal, the clock and the terminal are Swift's (S).
local S, task, sched, log = ...
local type, tostring, pcall, error, math_type = type, tostring, pcall, error, math.type

local function invalid(message, field) return S.error("ValidationError", message, field) end

local options = { workers = true, key = true, journal = true, errors = true, progress = true, total = true, label = true,
                  resume = true }
local MAX_FAILURES = 1000

local callable = sched.callable

local function check(items, fn, opts)
  if type(items) ~= "table" and not callable(items) then
    error(invalid("task.map: items must be a sequence (a table) or an iterator function, got a " .. type(items), "items"), 3)
  end
  if not callable(fn) then error(invalid("task.map: fn must be a function, got a " .. type(fn), "fn"), 3) end
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then error(invalid("task.map: options must be a table, got a " .. type(opts), "opts"), 3) end
  for k in next, opts do
    if not options[k] then
      local names = {}
      for name in next, options do names[#names + 1] = name end
      table.sort(names)
      error(invalid("task.map: unknown option " .. tostring(k) .. " (expected " .. table.concat(names, ", ") .. ")", tostring(k)), 3)
    end
  end
  local o = {}
  o.workers = opts.workers or 16
  if math_type(o.workers) ~= "integer" or o.workers < 1 or o.workers > 256 then
    error(invalid("task.map: workers must be an integer from 1 to 256, got " .. tostring(opts.workers), "workers"), 3)
  end
  if opts.key ~= nil and not callable(opts.key) then
    error(invalid("task.map: key must be a function (item -> string), got a " .. type(opts.key), "key"), 3)
  end
  o.key = opts.key
  o.errors = opts.errors or "stop"
  if o.errors ~= "stop" and o.errors ~= "continue" then
    error(invalid('task.map: errors must be "stop" or "continue", got ' .. tostring(opts.errors), "errors"), 3)
  end
  if opts.journal ~= nil and type(opts.journal) ~= "string" then
    error(invalid("task.map: journal must be a file path (a string), got a " .. type(opts.journal), "journal"), 3)
  end
  o.journal = opts.journal
  if opts.progress ~= nil and type(opts.progress) ~= "boolean" then
    error(invalid("task.map: progress must be a boolean, got a " .. type(opts.progress), "progress"), 3)
  end
  o.progress = opts.progress
  if opts.progress == nil then o.progress = S.progress_by_default() end
  if opts.total ~= nil and (math_type(opts.total) ~= "integer" or opts.total < 0) then
    error(invalid("task.map: total must be a whole number, got " .. tostring(opts.total), "total"), 3)
  end
  o.total = opts.total or (type(items) == "table" and #items or nil)
  if opts.label ~= nil and type(opts.label) ~= "string" then
    error(invalid("task.map: label must be a string, got a " .. type(opts.label), "label"), 3)
  end
  o.label = opts.label or "task.map"
  if opts.resume ~= nil and type(opts.resume) ~= "string" then
    error(invalid("task.map: resume must be a string (how to go on after a stop), got a " .. type(opts.resume), "resume"), 3)
  end
  o.resume = opts.resume or (o.journal and ("the same command goes on from there (journal " .. o.journal .. ")"))
  return o
end

-- The key an item is journaled under.
local function key_of(item, position, key_fn)
  if key_fn then
    local k = key_fn(item)
    if type(k) ~= "string" then
      error(invalid("task.map: key must return a string, got a " .. type(k) .. " for item " .. position, "key"), 0)
    end
    return k
  end
  local t = type(item)
  if t == "string" then return item end
  if t == "number" then return tostring(item) end
  if t == "table" then
    local name = rawget(item, "Username") or rawget(item, "username")
    if type(name) == "string" then return name end
  end
  return tostring(position)
end

return function(items, fn, opts)
  local o = check(items, fn, opts)
  local journal = o.journal and S.journal(o.journal) or nil
  local progress = S.progress(o.label, o.total, o.progress)
  local summary = { done = 0, skipped = 0, failed = 0, failures = {} }
  local pull_next
  if type(items) == "table" then
    local i = 0
    pull_next = function() i = i + 1; return items[i] end
  else
    pull_next = items
  end

  local position, exhausted, feeding, stop_error = 0, false, false, nil
  local feed_waiters = {}
  local function stopping() return stop_error ~= nil or S.stop_requested() end

  -- One worker pulls at a time: an iterator (csv.rows, cognito.each) is not reentrant.
  local function wake_next()
    local w = table.remove(feed_waiters, 1)
    if w then sched.unpark(w) end
  end
  local function pull()
    while feeding do
      feed_waiters[#feed_waiters + 1] = sched.current()
      sched.park()
    end
    if exhausted or stopping() then wake_next() return nil end
    feeding = true
    local ok, item = pcall(pull_next)
    feeding = false
    wake_next()
    if not ok then
      stop_error = stop_error or item
      return nil
    end
    if item == nil then exhausted = true return nil end
    position = position + 1
    return item, position
  end

  local function worker()
    while true do
      local item, at = pull()
      if item == nil then return end
      local ok, key = pcall(key_of, item, at, o.key)
      if not ok then
        stop_error = stop_error or key
        return
      end
      if journal and journal.has(key) then
        summary.skipped = summary.skipped + 1
      else
        local done, err = pcall(fn, item)
        if done then
          if journal then journal.add(key) end
          summary.done = summary.done + 1
        else
          summary.failed = summary.failed + 1
          if o.errors == "continue" then
            if #summary.failures < MAX_FAILURES then
              summary.failures[#summary.failures + 1] = { key = key, error = err }
            end
            log.error("%s: %s failed: %s", o.label, key, tostring(err))
          else
            stop_error = stop_error or err
          end
        end
      end
      progress.count(summary.done, summary.skipped, summary.failed)
    end
  end

  local function tick()
    progress.tick()
    if journal then journal.tick() end
  end
  local workers = {}
  S.graceful(true)
  local ran, failure = pcall(function()
    sched.tickers[tick] = true
    for n = 1, o.workers do workers[n] = task.spawn(worker) end
    for n = 1, o.workers do task.wait(workers[n]) end
  end)
  sched.tickers[tick] = nil
  S.graceful(false)
  if journal then journal.close() end
  -- Stopped (Ctrl-C, SIGTERM) with a journal, or a job's own way to go on: the summary says it.
  local note
  if S.stop_requested() and o.resume then note = "stopped: " .. o.resume end
  summary.elapsed = progress.finish(summary.done, summary.skipped, summary.failed, note)
  if not ran then error(failure, 0) end
  S.stop_if_requested()
  if stop_error ~= nil then error(stop_error, 0) end
  return summary
end
