import AWSCore

/// The user-attribute lists (`AttributeListType`): the map shorthand of DESIGN.md and the
/// checks that catch the usual mistakes before the service does.
enum UserAttributes {
    static let listShape = "AttributeListType"

    /// OIDC standard claims Cognito supports; anything else must be `custom:` or `dev:custom:`.
    static let standard: Set<String> = [
        "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name",
        "locale", "middle_name", "name", "nickname", "phone_number", "phone_number_verified",
        "picture", "preferred_username", "profile", "sub", "updated_at", "website", "zoneinfo",
    ]

    static func isAllowedName(_ name: String) -> Bool {
        standard.contains(name) || name.hasPrefix("custom:") || name.hasPrefix("dev:custom:")
    }

    /// The exact wording scripts and tests rely on, plus a hint when it looks like a typo.
    static func prefixMessage(_ name: String) -> String {
        var message = "custom attributes need the custom: prefix — did you mean custom:\(name)?"
        if let near = Suggestion.closest(to: name, among: standard.sorted()) {
            message += " (or the standard attribute \(near)?)"
        }
        return message
    }
}

extension Validator {
    /// `isUserAttributes`: the member is the user's attributes (not e.g. ValidationData), so
    /// an empty list and names without the custom: prefix are mistakes.
    func attributeList(_ v: ParamValue, shape: Shape, path: String, isUserAttributes: Bool) throws(CognitoValidationError) -> JSONValue {
        guard case .table(let t) = v else { throw mismatch(v, shape, path) }
        if t.sequence.isEmpty, t.fields.isEmpty, isUserAttributes {
            throw fail(path, "the attribute list is empty; give at least one attribute, e.g. { email = \"a@example.com\" }")
        }
        if !t.sequence.isEmpty, let stray = t.fields.first {
            throw fail(path, "mixes the list form ({ Name = ..., Value = ... } items) with the map form (key \(Self.keyText(stray.key))); use one")
        }
        let body: JSONValue
        var items: [(path: String, name: String?)] = []
        if t.sequence.isEmpty, !t.fields.isEmpty {
            // Validated item by item so errors name the key the script wrote: UserAttributes["email"].Value
            let list = try expandShorthand(t, path: path)
            try checkLength(list.count, shape: shape, path: path, unit: "item count")
            var array: [JSONValue] = []
            for entry in list {
                array.append(try value(entry.item, shape: shape.element!, path: entry.path))
            }
            body = .array(array)
            items = list.map { ($0.path, $0.name) }
        } else {
            body = try self.list(v, shape: shape, path: path)
            items = t.sequence.indices.map { i in
                (FieldPath.member(FieldPath.index(path, i), "Name"), Self.attributeName(t.sequence[i]))
            }
        }
        if isUserAttributes {
            for item in items {
                if let name = item.name, !UserAttributes.isAllowedName(name) {
                    throw fail(item.path, UserAttributes.prefixMessage(name))
                }
            }
        }
        return body
    }

    /// `{ email = "a@x", email_verified = true }` → `{ {Name="email", ...}, ... }` sorted by name.
    /// Values may be strings, integers, floats (as the script prints them) or booleans.
    private func expandShorthand(_ t: ParamTable, path: String) throws(CognitoValidationError) -> [(path: String, name: String, item: ParamValue)] {
        var out: [(path: String, name: String, item: ParamValue)] = []
        for (key, v) in t.fields {
            guard case .string(let name) = key else {
                throw fail(FieldPath.bracket(path, key.display), "attribute names must be strings")
            }
            let itemPath = FieldPath.key(path, name)
            let text: ParamValue
            switch v {
            case .string: text = v
            case .bool(let b): text = .text(b ? "true" : "false")
            case .int(let i): text = .text(String(i))
            case .double(let d):
                guard d.isFinite else { throw fail(itemPath, "expected a finite number, got \(d)") }
                text = .text(notation.float(d))
            default:
                throw fail(itemPath, "an attribute value must be a string, number or boolean, got \(v.typeName(notation))")
            }
            out.append((itemPath, name, .object(["Name": .text(name), "Value": text])))
        }
        out.sort { Array($0.name.utf8).lexicographicallyPrecedes($1.name.utf8) }
        return out
    }

    /// The Name of a list-form item, when it is a valid string (the list walk already checked it).
    private static func attributeName(_ item: ParamValue) -> String? {
        guard case .table(let t) = item else { return nil }
        for (key, v) in t.fields {
            if case .string("Name") = key, case .string(let bytes) = v {
                return String(validating: bytes, as: UTF8.self)
            }
        }
        return nil
    }
}
