---@class (exact) template.RenderOptions
---@field name? string What error messages call the template (default "text").
---@field partials? table<string, string> Templates {{> name}} includes, by name, before the built-in ones.

---HTML pages from templates, every value escaped: render, escape, builtin, write.
template = {}

---Fills a template: {{name}} {{a.b}} {{.}} (escaped; a missing value raises), {{#if x}}…{{else}}…{{/if}},
---{{#each list}}…{{/each}} (with {{@index}}, {{@first}}, {{@last}}), {{#with x}}…{{/with}}, {{> partial}}, {{! comment}}.
---@param text string The template (template.builtin(name) gives cogsh's own).
---@param values? table The names the template uses.
---@param options? template.RenderOptions
---@return string
function template.render(text, values, options) end

---A value as text that is safe inside HTML elements and quoted attributes (& < > " ' escaped).
---@param value any
---@return string
function template.escape(value) end

---The text of a template built into cogsh (e.g. "report.html"); an unknown name raises ValidationError.
---@param name string
---@return string
function template.builtin(name) end

---Writes text to a file created mode 0600 whatever the umask (pages that name users), replacing it whole.
---@param path string
---@param text string
---@return string path
function template.write(path, text) end
