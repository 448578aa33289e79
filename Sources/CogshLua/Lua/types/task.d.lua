---@class task.Task

---@class (exact) task.MapOptions
---@field workers? integer Items in flight at once (1–256, default 16).
---@field key? fun(item: any): string The key the journal and failures name an item by.
---@field journal? string A file recording finished items; a rerun skips them.
---@field errors? "stop"|"continue" "stop" (default): the first failure stops the job; "continue": count it and go on.
---@field progress? boolean The progress line (default: stderr is a terminal and not --quiet).
---@field total? integer The number of items, for the percentage and ETA.
---@field label? string Names the job in the progress and summary lines.
---@field resume? string How to go on after a stop, said in the summary when the job is stopped (default, with a journal: the same command).

---@class task.Failure
---@field key string
---@field error cogsh.Error

---@class task.Summary
---@field done integer
---@field skipped integer
---@field failed integer
---@field elapsed number Seconds.
---@field failures task.Failure[] With errors = "continue" (at most 1,000 kept).

---Concurrent calls under the service quotas: map, spawn, wait, sleep.
task = {}

---Calls fn(item) for every item, workers at a time, and returns a summary.
---Items come from a sequence or an iterator, pulled one at a time; calls are paced under the quotas;
---a journal makes the job resumable.
---@generic T
---@param items T[]|fun(): T
---@param fn fun(item: T)
---@param options? task.MapOptions
---@return task.Summary
function task.map(items, fn, options) end

---Runs fn(...) in a new task at once, until its first wait, and returns its handle.
---@param fn function
---@param ... any
---@return task.Task
function task.spawn(fn, ...) end

---Returns the task's results, or raises its error.
---@param t task.Task
---@return any ...
function task.wait(t) end

---Waits without holding the other tasks up.
---@param seconds number
function task.sleep(seconds) end
