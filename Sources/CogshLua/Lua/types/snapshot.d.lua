---@class (exact) snapshot.TakeOptions
---@field UserPoolId string The pool to take.
---@field file string The SQLite file to write (created 0600); an incomplete one of the same pool is gone on with.
---@field details? boolean One AdminGetUser per user, for MFA preferences (default false).
---@field shards? integer 16 or 256 paginations by sub prefix (default: 256 for pools over 500,000 users).
---@field overwrite? boolean Replace a complete snapshot at file, atomically, once the new one is complete.
---@field progress? boolean The progress line (default: stderr is a terminal and not --quiet).
---@field summary? boolean false: no summary line at the end (a caller that writes its own).

---@class snapshot.Summary
---@field users integer
---@field groups integer
---@field memberships integer
---@field calls integer
---@field elapsed number Seconds.
---@field complete boolean
---@field resumed boolean The run went on from an incomplete snapshot.
---@field estimated_users? integer DescribeUserPool's estimate (it lags behind the pool).
---@field file string

---An opened snapshot (read-only).
---@class snapshot.DB
---@field path string
---@field meta table<string, string> The meta table: format, pool_id, region, started_at, finished_at, complete, users…
local DB = {}

---Users in username order, shaped like ListUsers' items plus Groups.
---@param filter? string|fun(user: cognito.UserType): boolean An SQL condition over the users table, or a function.
---@param ... any Values for the condition's ? parameters.
---@return fun(): cognito.UserType
function DB:users(filter, ...) end

---Rows of a read-only SQL query, as tables keyed by column name; the column names, in order, come second.
---@param sql string
---@param ... any Values for its ? parameters.
---@return fun(): table<string, any>, string[]
function DB:query(sql, ...) end

---The column names a query gives, in order, without running it.
---@param sql string
---@return string[]
function DB:columns(sql) end

function DB:close() end

---@class snapshot.Difference
---@field username string
---@field change "added"|"removed"|"changed"
---@field attributes? table<string, { before?: string, after?: string }>
---@field enabled? { before: boolean, after: boolean }
---@field status? { before?: string, after?: string }
---@field groups? { added: string[], removed: string[] }

---@class (exact) snapshot.RestoreOptions
---@field file string The snapshot to restore (complete).
---@field UserPoolId? string The pool to restore into (or create_pool).
---@field create_pool? string Make a new pool of this name from the snapshot's configuration, and restore into it (a clone).
---@field dry_run? boolean Check the target and report what cannot be carried over; send nothing that changes anything.
---@field groups? boolean Groups and memberships too (default true).
---@field add_custom_attributes? boolean Add the custom attributes the target lacks, with the snapshot's definitions.
---@field progress? boolean The progress line (default: stderr is a terminal and not --quiet).

---@class snapshot.RestoreSummary
---@field UserPoolId string
---@field created integer
---@field matched integer Users already there and equal to the snapshot.
---@field earlier integer Users an earlier run of the same restore (its journal) had created.
---@field differ string[] Users already there and different: left alone.
---@field failed integer
---@field failures task.Failure[]
---@field disabled integer
---@field groups integer
---@field memberships integer
---@field report string[] The check and the report of what is not carried over, as printed.
---@field dry_run? boolean

---A whole user pool in one SQLite file: take, open, diff, restore, verify.
snapshot = {}

---Takes a snapshot of a user pool into an SQLite file, at the UserList quota; resumable.
---Users are listed in 16 (or 256) paginations by sub prefix at once, groups by ListGroups and ListUsersInGroup.
---@param options snapshot.TakeOptions
---@return snapshot.Summary
function snapshot.take(options) end

---Opens a snapshot read-only.
---@param file string
---@return snapshot.DB
function snapshot.open(file) end

---The differences between two snapshots, user by user (only the fields that differ).
---@param old string|snapshot.DB
---@param new string|snapshot.DB
---@param options? { key?: string } Match users by this attribute (e.g. "email") instead of username.
---@return fun(): snapshot.Difference
function snapshot.diff(old, new, options) end

---@class snapshot.Record
---@field username string Empty for a group's difference.
---@field field string attributes.<name>, enabled, status, groups, user, or group:<name>[.<field>].
---@field before any
---@field after any

---A difference as the records -m diff and -m verify print, one a line.
---@param difference snapshot.Difference|{ group: string, change: string }
---@return snapshot.Record[]
function snapshot.difference_records(difference) end

---Prints differences one record a line on stdout (username, field, before, after, by tabs; JSON under
-----log-format json); returns how many lines it printed.
---@param differences snapshot.Difference[]|fun(): snapshot.Difference
---@return integer
function snapshot.print_differences(differences) end

---Puts a snapshot's users back into a pool (or a new one made from it), with what cannot be carried over said first.
---Users are created with MessageAction = "SUPPRESS"; disabled users come back disabled; groups, memberships and
---SMS/e-mail MFA preferences are restored; every step is journaled beside the snapshot, so a rerun goes on.
---@param options snapshot.RestoreOptions
---@return snapshot.RestoreSummary
function snapshot.restore(options) end

---Compares a pool as it is now with a snapshot, leaving out what a restore cannot carry over.
---@param file string
---@param UserPoolId string
---@param options? { progress?: boolean }
---@return boolean ok
---@return (snapshot.Difference|{ group: string, change: string })[] differences
function snapshot.verify(file, UserPoolId, options) end
