import AWSCore
import LuaHost

/// Where JSON (a service response, `json.decode`) becomes Lua values. JSON arrays
/// come back as tables carrying the `json.array` metatable and JSON null as the
/// `json.null` sentinel, so a decoded document encodes to the same JSON again.
enum ToLua {
    static let arrayMetatableKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    static let nullKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    static let attributesMetatableKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    /// The members that hold a user's attribute list (AttributeListType) in responses:
    /// ListUsers' `Attributes`, AdminGetUser's and GetUser's `UserAttributes`.
    static let attributeListKeys: Set<String> = ["Attributes", "UserAttributes"]

    static let arrayName = "json.array"
    static let nullName = "json.null"

    /// Creates the array metatable and the null sentinel (json_values.lua) in `state`'s
    /// registry: responses need them whether or not a script uses the json module.
    static func install(in state: LuaState) {
        BuiltinLua.run("json_values.lua", in: state)
        let s = state.stack
        s.getField("array_mt", in: -1)
        s.setRegistryValue(arrayMetatableKey)
        s.getField("null", in: -1)
        s.setRegistryValue(nullKey)
        s.getField("attributes_mt", in: -1)
        s.setRegistryValue(attributesMetatableKey)
        s.pop()
    }

    /// Pushes a JSON value as Lua; returns false when the Lua stack cannot grow.
    /// `attributeLists`: a service's answer, whose attribute lists also answer by name
    /// (`user.Attributes.email`); `json.decode` gives plain JSON.
    @discardableResult
    static func push(_ value: JSONValue, on s: LuaStack, attributeLists: Bool = false) -> Bool {
        guard s.ensure(4) else { return false }
        switch value {
        case .null: s.pushRegistryValue(nullKey)
        case .bool(let b): s.pushBool(b)
        case .int(let i): s.pushInteger(i)
        case .double(let d): s.pushNumber(d)
        case .string(let str): s.pushString(str)
        case .array(let items):
            s.newTable(sequence: items.count)
            for (i, item) in items.enumerated() {
                guard push(item, on: s, attributeLists: attributeLists) else { s.pop(); return false }
                s.setIndex(Int64(i + 1), in: -2)
            }
            s.setMetatable(registryKey: arrayMetatableKey, at: -1)
        case .object(let members):
            s.newTable(fields: members.count)
            for (key, item) in members {
                guard push(item, on: s, attributeLists: attributeLists) else { s.pop(); return false }
                if attributeLists, attributeListKeys.contains(key), case .array = item {
                    s.setMetatable(registryKey: attributesMetatableKey, at: -1)
                }
                s.setField(key, in: -2)
            }
        }
        return true
    }

    /// A service response: the decoded body plus `ResponseMetadata`.
    static func push(_ response: AWSResponse, on s: LuaStack) -> Bool {
        guard push(response.json, on: s, attributeLists: true), s.type(at: -1) == .table else { return false }
        var meta = LuaTable(fields: ["HTTPStatusCode": .integer(Int64(response.status)), "RetryAttempts": .integer(Int64(response.retryAttempts))])
        if let id = response.requestId { meta.fields["RequestId"] = .string(id) }
        s.push(.table(meta))
        s.setField("ResponseMetadata", in: -2)
        return true
    }
}
