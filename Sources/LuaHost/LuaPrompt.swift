import CLuaShim

extension LuaState {
    /// The REPL's prompt as lua.c's get_prompt makes it: nil when `_PROMPT` (or, for a
    /// continuation line, `_PROMPT2`) is nil, meaning the default; else its value
    /// converted as tostring() does, so a number or a table with `__tostring` is a
    /// prompt too. The conversion runs protected in C (a `__tostring` may raise); its
    /// error comes back as the failure, without a traceback, as lua.c prints it.
    public func prompt(first: Bool) -> Result<String?, LuaFailure> {
        let status = LuaStatus(cogsh_prompt(L, first ? 1 : 0))
        guard status == .ok else { return .failure(takeFailure(status: status)) }
        defer { stack.pop() }
        guard let bytes = stack.bytes(at: -1) else { return .success(nil) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }
}
