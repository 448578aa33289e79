import AWSCore

/// Replaces the values of members the model marks sensitive (passwords, tokens, usernames,
/// attribute values) so request and response bodies can be shown by `--debug` or logs.
enum SensitiveRedactor {
    static let mask = JSONValue.string("*** sensitive ***")

    static func redact(_ value: JSONValue, shape id: Int, model: ServiceModel, depth: Int = 0) -> JSONValue {
        let shape = model[shape: id]
        if shape.sensitive { return mask }
        guard depth < 64 else { return value }  // recursive shapes cannot recurse forever in data, but be safe
        switch (shape.kind, value) {
        case (.structure, .object(let fields)):
            var out: [String: JSONValue] = [:]
            for (name, v) in fields {
                out[name] = shape.member(named: name).map { redact(v, shape: $0.shape, model: model, depth: depth + 1) } ?? v
            }
            return .object(out)
        case (.list, .array(let items)):
            guard let element = shape.element else { return value }
            return .array(items.map { redact($0, shape: element, model: model, depth: depth + 1) })
        case (.map, .object(let entries)):
            guard let valueShape = shape.value else { return value }
            return .object(entries.mapValues { redact($0, shape: valueShape, model: model, depth: depth + 1) })
        default:
            return value
        }
    }
}

extension CognitoService {
    /// The response body with sensitive members masked, for display.
    public static func redactedResponse(_ name: String, body: JSONValue) -> JSONValue {
        guard let output = operation(named: name)?.output else { return body }
        return SensitiveRedactor.redact(body, shape: output, model: ServiceModel.shared)
    }
}
