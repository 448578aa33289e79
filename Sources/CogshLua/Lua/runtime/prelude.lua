-- What cogsh changes in the standard environment: os.exit closes the state by default,
-- so finalizers run and files are flushed, and `ended` writes the run summary first.
local ended = ...
local exit = os.exit
os.exit = function(code, close)
  io.stdout:flush()
  if close == nil then close = true end
  ended((code == nil or code == true) and 0 or (code == false and 1 or code))
  return exit(code, close)
end
