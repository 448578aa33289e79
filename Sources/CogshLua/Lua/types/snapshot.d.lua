---@class (exact) snapshot.TakeOptions
---@field UserPoolId string The pool to take.
---@field file string The SQLite file to write (created 0600); an incomplete one of the same pool is gone on with.
---@field details? boolean One AdminGetUser per user, for MFA preferences (default false).
---@field shards? integer 16 or 256 paginations by sub prefix (default: 256 for pools over 500,000 users).
---@field overwrite? boolean Replace a complete snapshot at file, atomically, once the new one is complete.
---@field progress? boolean The progress line (default: stderr is a terminal and not --quiet).

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

---A whole user pool in one SQLite file: take, open, diff.
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
