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

---@class aws.CallerIdentity
---@field account string The AWS account id.
---@field arn string The caller's ARN (a user, or an assumed role's session).
---@field user_id string

---SigV4 for any request, and the identity in use: sign, credentials, caller_identity.
aws = {}

---Signs a request with SigV4 and shows the workings.
---@param request aws.SignRequest
---@return aws.Signed
function aws.sign(request) end

---Names the identity the credential chain resolved (never the secret).
---@return aws.Identity
function aws.credentials() end

---Asks STS who the credentials in use belong to (GetCallerIdentity; one call, cached for the run).
---@return aws.CallerIdentity
function aws.caller_identity() end
