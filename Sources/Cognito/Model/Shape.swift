/// The kinds of shape the awsJson protocol knows; `document` is free-form JSON.
enum ShapeKind: String, Sendable {
    case string, integer, long, boolean, double, float, timestamp, blob
    case list, map, structure, document
}

/// One shape of the model. References to other shapes are indexes into `ServiceModel.shapes`,
/// so recursive shapes need no reference cycles.
struct Shape: Sendable {
    let name: String
    let kind: ShapeKind
    var min: Int64? = nil
    var max: Int64? = nil
    var pattern: Int? = nil        // id in GeneratedPatterns
    var sensitive = false
    var isException = false
    var isFault = false
    var enumValues: [String] = []
    var element: Int? = nil        // list member shape
    var key: Int? = nil            // map key shape
    var value: Int? = nil          // map value shape
    var members: [Member] = []     // structure members in model order

    init(name: String, kind: ShapeKind) {
        self.name = name
        self.kind = kind
    }

    func member(named name: String) -> Member? {
        members.first { $0.name == name }
    }
}

struct Member: Sendable {
    let name: String
    let shape: Int
    let required: Bool
    let deprecated: Bool
}
