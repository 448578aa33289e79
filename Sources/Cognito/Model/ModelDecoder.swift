/// Parses `GeneratedModel.records`, written by scripts/gen-cognito-model. One record per line,
/// fields separated by single spaces:
///   O <Api> <snake> <inputShape|-> <outputShape|-> <Err1,Err2,...|->
///   P <Api> <inputToken> <outputToken> <limitKey|-> <resultKey>
///   S <Shape> <kind> [min=N] [max=N] [pat=ID] [sensitive] [exception] [fault] [enum=A,B]
///     [member=Shape] [key=Shape] [value=Shape]
///   M <member> <Shape> [required] [deprecated]        (members of the preceding S structure)
/// It splits bytes, not Characters: grapheme-aware String.split costs milliseconds here.
/// A malformed record is a generator bug, so it traps rather than limping on.
enum ModelDecoder {
    static func decode(_ text: String) -> ServiceModel {
        var text = text
        return text.withUTF8 { decode(records: records(in: $0)) }
    }

    private static func records(in bytes: UnsafeBufferPointer<UInt8>) -> [[String]] {
        bytes.split(separator: UInt8(ascii: "\n")).map { line in
            line.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    private static func decode(records: [[String]]) -> ServiceModel {
        var shapeIDs: [String: Int] = [:]
        for f in records where f[0] == "S" {
            shapeIDs[f[1]] = shapeIDs.count
        }
        func id(_ name: String) -> Int {
            guard let i = shapeIDs[name] else { fatalError("cognito model: unknown shape \(name)") }
            return i
        }
        func optionalID(_ name: String) -> Int? { name == "-" ? nil : id(name) }
        func list(_ field: String) -> [String] {
            field == "-" ? [] : field.utf8.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
        }

        var shapes: [Shape] = []
        shapes.reserveCapacity(shapeIDs.count)
        var pendingOps: [[String]] = []
        var paginators: [String: CognitoPaginator] = [:]

        for f in records {
            switch f[0] {
            case "O":
                pendingOps.append(f)
            case "P":
                paginators[f[1]] = CognitoPaginator(inputToken: f[2], outputToken: f[3],
                                                    resultKey: f[5], limitKey: f[4] == "-" ? nil : f[4])
            case "S":
                guard let kind = ShapeKind(rawValue: f[2]) else { fatalError("cognito model: unknown kind \(f[2])") }
                var s = Shape(name: f[1], kind: kind)
                for attr in f.dropFirst(3) {
                    let (name, value) = split(attr)
                    switch name {
                    case "min": s.min = Int64(value)
                    case "max": s.max = Int64(value)
                    case "pat": s.pattern = Int(value)
                    case "sensitive": s.sensitive = true
                    case "exception": s.isException = true
                    case "fault": s.isFault = true
                    case "enum": s.enumValues = list(value)
                    case "member": s.element = id(value)
                    case "key": s.key = id(value)
                    case "value": s.value = id(value)
                    default: fatalError("cognito model: unknown attribute \(attr)")
                    }
                }
                shapes.append(s)
            case "M":
                let flags = f.dropFirst(3)
                shapes[shapes.count - 1].members.append(Member(
                    name: f[1], shape: id(f[2]),
                    required: flags.contains("required"), deprecated: flags.contains("deprecated")))
            default:
                fatalError("cognito model: unknown record \(f[0])")
            }
        }

        let operations = pendingOps.map { f in
            CognitoOperation(name: f[1], snakeName: f[2], errors: list(f[5]), paginator: paginators[f[1]],
                             input: optionalID(f[3]), output: optionalID(f[4]))
        }
        return ServiceModel(operations: operations, shapes: shapes)
    }

    /// `key=value` → (key, value); a bare flag → (flag, "").
    private static func split(_ attr: String) -> (String, String) {
        guard let eq = attr.utf8.firstIndex(of: UInt8(ascii: "=")) else { return (attr, "") }
        return (String(attr[..<eq]), String(attr[attr.utf8.index(after: eq)...]))
    }
}
