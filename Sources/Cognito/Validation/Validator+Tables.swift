import AWSCore

/// Lists, maps, structures and documents: the table-shaped parts of the walk.
extension Validator {
    func list(_ v: ParamValue, shape: Shape, path: String) throws(CognitoValidationError) -> JSONValue {
        guard case .table(let t) = v else { throw mismatch(v, shape, path) }
        if let stray = t.fields.first {
            throw fail(path, "a list takes items at 1..n only, but has the key \(Self.keyText(stray.key))")
        }
        try checkLength(t.sequence.count, shape: shape, path: path, unit: "item count")
        guard let element = shape.element else { return .array([]) }
        var out: [JSONValue] = []
        out.reserveCapacity(t.sequence.count)
        for (i, item) in t.sequence.enumerated() {
            let itemPath = FieldPath.index(path, i)
            if case .null = item { throw fail(itemPath, "\(notation.null) cannot be a list item") }
            out.append(try value(item, shape: element, path: itemPath))
        }
        return .array(out)
    }

    func map(_ v: ParamValue, shape: Shape, path: String) throws(CognitoValidationError) -> JSONValue {
        guard case .table(let t) = v else { throw mismatch(v, shape, path) }
        if !t.sequence.isEmpty {
            throw fail(FieldPath.index(path, 0), "a map takes string keys, not items at 1..n")
        }
        try checkLength(t.fields.count, shape: shape, path: path, unit: "entry count")
        var out: [String: JSONValue] = [:]
        for (key, item) in t.fields {
            guard case .string(let name) = key else {
                throw fail(FieldPath.bracket(path, key.display), "map keys must be strings")
            }
            let itemPath = FieldPath.key(path, name)
            if let keyShape = shape.key {
                _ = try value(.text(name), shape: keyShape, path: itemPath + " (key)")
            }
            if case .null = item { throw fail(itemPath, "\(notation.null) cannot be a map value") }
            if let valueShape = shape.value {
                out[name] = try value(item, shape: valueShape, path: itemPath)
            }
        }
        return .object(out)
    }

    func structure(_ v: ParamValue, shape: Shape, path: String, isInput: Bool) throws(CognitoValidationError) -> JSONValue {
        guard case .table(let t) = v else { throw mismatch(v, shape, path) }
        if !t.sequence.isEmpty {
            throw fail(FieldPath.index(path, 0), "positional value in a table of named fields; use names such as \(shape.members.first?.name ?? "Name") = ...")
        }
        var given: [String: ParamValue] = [:]
        for (key, item) in t.fields {
            guard case .string(let name) = key else {
                throw fail(FieldPath.bracket(path, key.display), "field names must be strings")
            }
            guard shape.member(named: name) != nil else {
                let what = isInput ? "unknown parameter for \(operation)" : "unknown field of \(shape.name)"
                let names = shape.members.map(\.name)
                throw fail(FieldPath.member(path, name), what + (Suggestion.closest(to: name, among: names)
                    .map { " — did you mean \($0)?" } ?? "; expected one of \(names.joined(separator: ", "))"))
            }
            given[name] = item
        }
        var out: [String: JSONValue] = [:]
        for member in shape.members {
            let memberPath = FieldPath.member(path, member.name)
            let memberShape = model[shape: member.shape]
            // Absent and null are the same to the service: the member is not sent.
            guard let item = given[member.name], !item.isNull else {
                if member.required {
                    throw fail(memberPath, "is required; expected \(Self.expected(memberShape))")
                }
                continue
            }
            if memberShape.name == UserAttributes.listShape {
                out[member.name] = try attributeList(item, shape: memberShape, path: memberPath,
                                                     isUserAttributes: member.name == "UserAttributes")
            } else {
                out[member.name] = try value(item, shape: member.shape, path: memberPath)
            }
        }
        return .object(out)
    }

    /// Free-form JSON: tables with only 1..n become arrays, others objects (the empty table is `{}`).
    func document(_ v: ParamValue, path: String) throws(CognitoValidationError) -> JSONValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d):
            guard d.isFinite else { throw fail(path, "expected a finite number, got \(d)") }
            return .double(d)
        case .string(let bytes): return .string(try utf8(bytes, path: path))
        case .unsupported(let type): throw fail(path, "a \(notation.language) \(type) cannot be sent as JSON")
        case .table(let t):
            if t.fields.isEmpty, !t.sequence.isEmpty {
                var out: [JSONValue] = []
                for (i, item) in t.sequence.enumerated() {
                    out.append(try document(item, path: FieldPath.index(path, i)))
                }
                return .array(out)
            }
            if !t.sequence.isEmpty {
                throw fail(path, "a JSON value cannot mix items at 1..n with named keys")
            }
            var out: [String: JSONValue] = [:]
            for (key, item) in t.fields {
                guard case .string(let name) = key else {
                    throw fail(FieldPath.bracket(path, key.display), "JSON object keys must be strings")
                }
                out[name] = try document(item, path: FieldPath.key(path, name))
            }
            return .object(out)
        }
    }

    static func keyText(_ key: ParamKey) -> String {
        switch key {
        case .string(let s): return FieldPath.quoted(s)
        case .int(let i): return "[\(i)]"
        case .other(let d): return d
        }
    }
}
