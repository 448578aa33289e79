-- The Lua half of `cogsh --apply PLAN`: reads and checks the plan (a bad line is a
-- ConfigError naming it), checks where the run is (another account, region or pool:
-- refused before anything is sent), then waits for the calls with the progress line,
-- as snapshot.take does, and reports. A first Ctrl-C lets the calls in flight finish;
-- the same command goes on from the journal. Returns the exit status (0, or 1 when a
-- user drifted or a call failed). S holds the Swift half (Plan/PlanApplyModule.swift).
local S = ...
local sched = S.sched

local job = S.prepare()
local checked = sched.await(job.check())
if checked.empty then
  S.note("the plan " .. S.path .. " holds no calls: nothing to apply")
  return 0
end
if checked.note then S.note(checked.note) end

local show = S.progress_by_default()
local progress = S.progress("apply " .. S.path, job.total, show)
local function tick()
  progress.count(job.counts())
  progress.tick()
end
S.graceful(true)
local ok, err = pcall(function()
  local id = job.start()
  sched.tickers[tick] = true
  return sched.await(id)
end)
sched.tickers[tick] = nil
S.graceful(false)
progress.clear()
local status = job.report()
if not ok then error(err, 0) end
if S.stop_requested() then
  S.note("stopped: the same command goes on from there (journal " .. S.path .. ".journal)")
end
S.stop_if_requested()
return status
