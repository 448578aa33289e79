/// `cogsh.lua` of `cogsh --emit-types`: lua-language-server definitions of what is not
/// generated from the model — cognito's own functions, the error object, and the task,
/// aws, json, csv, log and help modules, as docs/LUA_API.md describes them. A test
/// checks that every function the running modules hold is declared here.
enum LuaTypesOfModules {
    static let text = #"""
---@meta cogsh
-- cogsh's modules besides the generated operations (cognito.lua); docs/LUA_API.md has the details.

---A failed call's error: a table with the metatable named "cogsh.Error".
---@class cogsh.Error
---@field code string The exception name (UserNotFoundException, TooManyRequestsException, …) or a local code: ValidationError, CredentialsError, ConfigError, NetworkError, TimeoutError, ParseError, LockError.
---@field message string The service's message, or cogsh's for local errors.
---@field status? integer The HTTP status; nil when nothing was sent.
---@field request_id? string The service's request id, when there is one.
---@field operation? string The API name, e.g. AdminUpdateUserAttributes.
---@field retryable boolean
---@field throttling boolean
---@field attempts integer How many attempts were made (0 when nothing was sent).
---@field field? string For ValidationError, the parameter path, e.g. UserAttributes[2].Name.
---@field position? integer For json.decode's ParseError, the 1-based byte position.
---@field record? integer For csv.rows' ParseError, the record number (the header is 1).
---@field traceback? string

---Options of cognito.client{}; the command line still wins over them.
---@class (exact) cognito.ClientOptions
---@field region? string
---@field profile? string
---@field endpoint_url? string
---@field max_attempts? integer Attempts per call, retries included (at least 1).
---@field retry_mode? "standard"|"adaptive"
---@field connect_timeout? number Seconds to connect, per HTTP attempt.
---@field read_timeout? number Seconds to wait for a response, per HTTP attempt.
---@field rates? table<string, number> Requests per second per quota category, e.g. { UserUpdate = 50 }.
---@field rate_share? number Use only this fraction (0 < F <= 1) of each quota.

---@class cognito.Client
---@field each cognito.Each For paginated operations: iterate the items of every page.
---@field pages cognito.Pages For paginated operations: iterate the pages.
---@field errors table<string, string[]> The exception names each operation (API or snake_case name) may raise.
---@field dry_run boolean True when cogsh runs with --dry-run.
local Client = {}

---Calls an operation by its API name (AdminGetUser) or snake_case name.
---@param api_name string
---@param params? table
---@return table
function Client.call(api_name, params) end

---Runs fn; if it raises, calls the handler named by the error's code (or handlers.default) and returns what it returns.
---@param fn fun(): ...
---@param handlers table<string, fun(err: cogsh.Error): ...>
---@return any ...
function Client.try(fn, handlers) end

---Returns another client with the same functions and its own configuration.
---@param options? cognito.ClientOptions
---@return cognito.Client
function Client.client(options) end

---Every Amazon Cognito user-pool operation, plus call, each, pages, errors, try, client and dry_run.
---@type cognito.Client
cognito = {}

---@class task.Task

---@class (exact) task.MapOptions
---@field workers? integer Items in flight at once (1–256, default 16).
---@field key? fun(item: any): string The key the journal and failures name an item by.
---@field journal? string A file recording finished items; a rerun skips them.
---@field errors? "stop"|"continue" "stop" (default): the first failure stops the job; "continue": count it and go on.
---@field progress? boolean The progress line (default: stderr is a terminal and not --quiet).
---@field total? integer The number of items, for the percentage and ETA.
---@field label? string Names the job in the progress and summary lines.

---@class task.Failure
---@field key string
---@field error cogsh.Error

---@class task.Summary
---@field done integer
---@field skipped integer
---@field failed integer
---@field elapsed number Seconds.
---@field failures task.Failure[] With errors = "continue" (at most 1,000 kept).

---Concurrent calls under the service quotas.
task = {}

---Calls fn(item) for every item, workers at a time, and returns a summary.
---@generic T
---@param items T[]|fun(): T
---@param fn fun(item: T)
---@param options? task.MapOptions
---@return task.Summary
function task.map(items, fn, options) end

---Runs fn(...) in a new task at once and returns its handle.
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

---@class (exact) aws.SignRequest
---@field method? string Default GET.
---@field url string
---@field region string
---@field service string
---@field headers? table<string, string>|string[][] A map, or a list of {name, value} pairs whose order and repeats are kept.
---@field body? string
---@field time? string "YYYYMMDDTHHMMSSZ", default now.
---@field credentials? { access_key_id: string, secret_access_key: string, session_token?: string }
---@field normalize_path? boolean Default true.
---@field sign_body? boolean Adds x-amz-content-sha256.

---@class aws.Signed
---@field headers string[][] {name, value} pairs.
---@field authorization string
---@field signature string
---@field canonical_request string
---@field string_to_sign string

---@class aws.Identity
---@field source string Which link of the credential chain gave the credentials.
---@field access_key_id string
---@field expiration? integer Epoch seconds, for temporary credentials.

aws = {}

---Signs a request with SigV4 and shows the workings.
---@param request aws.SignRequest
---@return aws.Signed
function aws.sign(request) end

---Names the identity the credential chain resolved (never the secret).
---@return aws.Identity
function aws.credentials() end

json = {}

---The JSON null sentinel.
json.null = {}

---@param value any
---@param options? { pretty?: boolean }
---@return string
function json.encode(value, options) end

---@param text string
---@return any
function json.decode(text) end

---Marks t (or a new table) as a JSON array and returns it.
---@param t? table
---@return table
function json.array(t) end

---@class csv.Writer
local Writer = {}

---@param row table A sequence, or a table keyed by the header's names.
function Writer:write(row) end

function Writer:close() end

csv = {}

---Iterates the records of a CSV file: tables keyed by the header's names, or sequences with header = false.
---@param path string
---@param options? { delimiter?: string, header?: boolean }
---@return fun(): table
function csv.rows(path, options) end

---@param path string
---@param options? { delimiter?: string, header?: string[] }
---@return csv.Writer
function csv.writer(path, options) end

log = {}

---@param fmt any
---@param ... any
function log.debug(fmt, ...) end

---@param fmt any
---@param ... any
function log.info(fmt, ...) end

---@param fmt any
---@param ... any
function log.warn(fmt, ...) end

---@param fmt any
---@param ... any
function log.error(fmt, ...) end

---Prints help on a module or function: help(), help(cognito), help(cognito.admin_get_user).
---@class cogsh.Help
---@overload fun(v?: any)
help = {}

---Returns the text help(v) prints.
---@param v? any
---@return string
function help.text(v) end

---Sets the text help(fn) shows for a function (modules and scripts add their own).
---@param fn function
---@param text string
function help.add(fn, text) end

---Sets the line help() shows for a module or topic.
---@param name string
---@param text string
function help.topic(name, text) end
"""#
}
