import LuaHost

/// An options table given to a module function (`snapshot.take{ ... }`), read with errors
/// that name the function and the field: a missing required one, a value of the wrong
/// type, an unknown key (with the known ones listed).
struct Options {
    let table: LuaTable
    let function: String

    init(_ s: LuaStack, at index: Int32, function: String, known: [String]) throws {
        self.function = function
        guard case .table(let t) = try s.value(at: index) else {
            throw CogshError.validation("\(function) expects a table of options, got a \(s.type(at: index).name)")
        }
        table = t
        for key in t.fields.keys {
            guard let name = key.text, known.contains(name) else {
                let name = key.text ?? key.typeName
                throw CogshError.validation("\(function): unknown option \(name) (expected \(known.joined(separator: ", ")))", field: name)
            }
        }
        if !t.sequence.isEmpty {
            throw CogshError.validation("\(function): options are named (\(known.joined(separator: ", "))), not a list", field: "[1]")
        }
    }

    private func value(_ key: String) -> LuaValue? {
        guard let v = table[key], v != .nil else { return nil }
        return v
    }

    private func bad(_ key: String, _ what: String, _ v: LuaValue) -> CogshError {
        CogshError.validation("\(function): \(key) must be \(what), got a \(v.typeName)", field: key)
    }

    func string(_ key: String, required: Bool = false) throws -> String? {
        guard let v = value(key) else {
            if required { throw CogshError.validation("\(function): \(key) is required", field: key) }
            return nil
        }
        guard case .string = v, let text = v.text, !text.isEmpty else { throw bad(key, "a non-empty string", v) }
        return text
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .boolean(let b) = v else { throw bad(key, "a boolean", v) }
        return b
    }

    func integer(_ key: String) throws -> Int64? {
        guard let v = value(key) else { return nil }
        guard case .integer(let i) = v else { throw bad(key, "an integer", v) }
        return i
    }
}
