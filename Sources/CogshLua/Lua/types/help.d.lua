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

---The names of the modules cogsh installs, sorted.
---@return string[]
function help.modules() end
