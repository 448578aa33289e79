-- What cogsh changes in the standard environment: os.exit closes the state by default,
-- so finalizers run and files are flushed, and `ended` writes the run summary first and
-- says the status the process ends with (a --plan run whose plan file cannot be
-- finished ends 253 whatever the script asked for).
local ended = ...
local exit = os.exit
os.exit = function(code, close)
  io.stdout:flush()
  if close == nil then close = true end
  local asked = (code == nil or code == true) and 0 or (code == false and 1 or code)
  local status = ended(asked)
  return exit(status == asked and code or status, close)
end
