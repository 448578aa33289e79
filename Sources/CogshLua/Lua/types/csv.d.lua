---@class csv.Writer
local Writer = {}

---@param row table A sequence, or a table keyed by the header's names.
function Writer:write(row) end

function Writer:close() end

---CSV files: rows iterates records, writer writes them.
csv = {}

---Iterates the records of a CSV file: tables keyed by the header's names, or sequences with header = false.
---A record with the wrong field count raises ParseError.
---@param path string
---@param options? { delimiter?: string, header?: boolean }
---@return fun(): table
function csv.rows(path, options) end

---Opens a CSV file for writing: writer:write(row) takes a list, or a map when header names are given; writer:close().
---@param path string
---@param options? { delimiter?: string, header?: string[] }
---@return csv.Writer
function csv.writer(path, options) end
