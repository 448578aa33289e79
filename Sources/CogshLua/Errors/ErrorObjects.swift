import Cognito
import LuaHost

/// The Lua side of `cogsh.Error`: one shared metatable (`__tostring` reads
/// `Code: message (Operation, request id …)`, `err:is(code)` tests the code) and a
/// weak-keyed table remembering each object's kind, both in the registry.
enum ErrorObjects {
    static let metatableKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    static let kindsKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    static func install(in state: LuaState) {
        let s = state.stack
        BuiltinLua.run("error.lua", in: state, results: 2)
        s.setRegistryValue(kindsKey)
        s.pushCopy(of: -1)
        state.setErrorMetatable()   // uncaught, these keep their fields
        s.setRegistryValue(metatableKey)
        // The runner reads an uncaught error's kind while the value is still on the stack.
        state.categorizeError = { stack, index in kind(at: index, on: stack)?.rawValue }
    }

    static func push(_ error: CogshError, on s: LuaStack) {
        s.newTable(fields: 2 + error.fields.count)
        s.pushString(error.code)
        s.setField("code", in: -2)
        s.pushString(error.message)
        s.setField("message", in: -2)
        for (name, value) in error.fields {
            s.push(value)
            s.setField(name, in: -2)
        }
        s.setMetatable(registryKey: metatableKey, at: -1)
        s.pushRegistryValue(kindsKey)
        guard s.type(at: -1) == .table else { return s.pop() }
        s.pushCopy(of: -2)
        s.pushString(error.kind.rawValue)
        s.rawSet(in: -3)
        s.pop()
    }

    /// The kind of the cogsh.Error at `index`; nil for any other value.
    static func kind(at index: Int32, on s: LuaStack) -> CogshError.Kind? {
        guard s.type(at: index) == .table else { return nil }
        let i = s.absolute(index)
        s.pushRegistryValue(kindsKey)
        defer { s.pop(2) }
        guard s.type(at: -1) == .table else { s.pushNil(); return nil }
        s.pushCopy(of: i)
        s.rawGet(in: -2)
        return s.string(at: -1).flatMap(CogshError.Kind.init(rawValue:))
    }
}
