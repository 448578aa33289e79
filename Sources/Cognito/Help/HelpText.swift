/// Plain-text description of an operation for the REPL's `help(...)`: parameters with type,
/// constraints and marks, nested shapes indented one level, then the errors.
enum HelpText {
    static func render(_ op: CognitoOperation, model: ServiceModel) -> String {
        var lines = ["\(op.name) (\(op.snakeName))"]
        if let description = ModelDocs.shared[op.name] { lines.append("  " + description) }
        var flags: [String] = []
        if CognitoService.isReadOnly(op.name) { flags.append("read-only") }
        if let p = op.paginator {
            flags.append("paginated: \(p.resultKey) items, token \(p.inputToken) → \(p.outputToken)"
                + (p.limitKey.map { ", page size \($0)" } ?? ""))
        }
        if !flags.isEmpty { lines.append("  " + flags.joined(separator: "; ")) }
        lines.append("Parameters (* required; [sensitive]: secret or personal data):")
        if let input = op.input, !model[shape: input].members.isEmpty {
            members(of: input, depth: 1, seen: [input], model: model, into: &lines)
        } else {
            lines.append("  (none)")
        }
        lines.append("Errors:")
        lines.append(op.errors.isEmpty ? "  (none listed)" : "  " + op.errors.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// `seen` holds the structures on the current path, so a recursive shape prints once.
    private static func members(of id: Int, depth: Int, seen: Set<Int>, model: ServiceModel, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        for member in model[shape: id].members {
            let shape = model[shape: member.shape]
            var text = indent + member.name + (member.required ? "*" : "") + ": " + describe(shape, model: model)
            if shape.sensitive { text += " [sensitive]" }
            if member.deprecated { text += " [deprecated]" }
            if shape.name == UserAttributes.listShape { text += "; or a map { name = value, ... }" }
            lines.append(text)
            // Nested structures (directly, or as list items / map values) are listed one level in.
            if let nested = structureInside(member.shape, model: model), !seen.contains(nested) {
                members(of: nested, depth: depth + 1, seen: seen.union([nested]), model: model, into: &lines)
            }
        }
    }

    private static func structureInside(_ id: Int, model: ServiceModel) -> Int? {
        let shape = model[shape: id]
        switch shape.kind {
        case .structure: return id
        case .list: return shape.element.flatMap { model[shape: $0].kind == .structure ? $0 : nil }
        case .map: return shape.value.flatMap { model[shape: $0].kind == .structure ? $0 : nil }
        default: return nil
        }
    }

    /// Type and constraints in one phrase: `string, length 1..128, pattern [\p{L}]+`.
    static func describe(_ shape: Shape, model: ServiceModel) -> String {
        var parts: [String] = []
        switch shape.kind {
        case .list:
            parts.append("list of " + elementName(shape.element, model: model))
            if let r = range(shape) { parts.append("items " + r) }
        case .map:
            parts.append("map of " + elementName(shape.key, model: model) + " → " + elementName(shape.value, model: model))
            if let r = range(shape) { parts.append("entries " + r) }
        case .structure:
            parts.append("structure " + shape.name)
        case .string:
            parts.append("string")
            if let r = range(shape) { parts.append("length " + r) }
        case .blob:
            parts.append("blob (string of bytes)")
            if let r = range(shape) { parts.append("bytes " + r) }
        case .integer, .long, .double, .float:
            parts.append(shape.kind.rawValue)
            if let r = range(shape) { parts.append("range " + r) }
        case .timestamp:
            parts.append("timestamp (epoch seconds)")
        case .boolean, .document:
            parts.append(shape.kind.rawValue)
        }
        if !shape.enumValues.isEmpty { parts.append("one of " + shape.enumValues.joined(separator: ", ")) }
        if let p = shape.pattern { parts.append("pattern " + GeneratedPatterns.source(p)) }
        return parts.joined(separator: ", ")
    }

    private static func elementName(_ id: Int?, model: ServiceModel) -> String {
        guard let id else { return "?" }
        let s = model[shape: id]
        return s.kind == .structure ? s.name : describe(s, model: model)
    }

    private static func range(_ shape: Shape) -> String? {
        switch (shape.min, shape.max) {
        case let (lo?, hi?): return "\(lo)..\(hi)"
        case let (lo?, nil): return "≥ \(lo)"
        case let (nil, hi?): return "≤ \(hi)"
        default: return nil
        }
    }
}

extension CognitoService {
    /// Help for an operation by API or snake_case name; for an unknown name, what to try instead.
    public static func help(for name: String) -> String {
        switch lookup(name) {
        case .success(let op): return HelpText.render(op, model: ServiceModel.shared)
        case .failure(let e): return e.message
        }
    }
}
