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

---Where a client sends its calls and how fast.
---@class cognito.Config
---@field region string
---@field region_source string Where the region came from (--region, AWS_REGION, the profile…).
---@field endpoint string
---@field endpoint_source string
---@field profile string
---@field retry_mode "standard"|"adaptive"
---@field max_attempts integer
---@field dry_run boolean
---@field rates table<string, number> Requests per second each quota category is paced at (the quota × the share × 0.97).

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
---Any other error is raised again.
---@param fn fun(): ...
---@param handlers table<string, fun(err: cogsh.Error): ...>
---@return any ...
function Client.try(fn, handlers) end

---Returns another client with the same functions and its own configuration.
---@param options? cognito.ClientOptions
---@return cognito.Client
function Client.client(options) end

---The client's resolved configuration: region, endpoint, profile, retries and the pace of each quota category.
---@return cognito.Config
function Client.config() end

---Every Amazon Cognito user-pool operation, plus call, each, pages, errors, try, client, config and dry_run.
---@type cognito.Client
cognito = {}
