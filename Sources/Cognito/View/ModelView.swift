/// A read-only view of the cognito-idp model for what is generated from it outside this
/// target (`cogsh --emit-types`). Shapes are named, not indexed, and carry the model's
/// shortened documentation; validation keeps using the compact internal form.
public struct ShapeView: Sendable {
    public enum Kind: String, Sendable {
        case string, integer, long, boolean, double, float, timestamp, blob
        case list, map, structure, document
    }

    public let name: String
    public let kind: Kind
    /// The allowed values of an enum string, in model order; empty otherwise.
    public let enumValues: [String]
    /// The item shape of a list; the key and value shapes of a map.
    public let element: String?
    public let key: String?
    public let value: String?
    public let members: [MemberView]
    public let sensitive: Bool
    public let isException: Bool
    public let description: String?
    /// True for the user-attribute lists, which also take a map `{ name = value }`.
    public let acceptsAttributeMap: Bool
}

public struct MemberView: Sendable {
    public let name: String
    public let shape: String
    public let required: Bool
    public let deprecated: Bool
    public let description: String?
}

extension CognitoService {
    /// Every shape, sorted by name.
    public static var shapes: [ShapeView] {
        let model = ServiceModel.shared
        return model.shapes.indices.map { view(of: $0, model: model) }.sorted { $0.name < $1.name }
    }

    public static func shape(named name: String) -> ShapeView? {
        let model = ServiceModel.shared
        return model.shapeID(named: name).map { view(of: $0, model: model) }
    }

    /// The model's first sentence about an operation (by API name), if it has one.
    public static func description(ofOperation apiName: String) -> String? {
        ModelDocs.shared[apiName]
    }

    private static func view(of id: Int, model: ServiceModel) -> ShapeView {
        let s = model[shape: id]
        let docs = ModelDocs.shared
        let kind = ShapeView.Kind(rawValue: s.kind.rawValue)!   // the two enums list the same kinds
        return ShapeView(
            name: s.name, kind: kind, enumValues: s.enumValues,
            element: s.element.map { model[shape: $0].name },
            key: s.key.map { model[shape: $0].name },
            value: s.value.map { model[shape: $0].name },
            members: s.members.map {
                MemberView(name: $0.name, shape: model[shape: $0.shape].name, required: $0.required,
                           deprecated: $0.deprecated, description: docs[s.name + "." + $0.name])
            },
            sensitive: s.sensitive, isException: s.isException, description: docs[s.name],
            acceptsAttributeMap: s.name == UserAttributes.listShape)
    }
}

extension CognitoOperation {
    /// The names of the operation's input and output structures, if it has them.
    public var inputShape: String? { input.map { ServiceModel.shared[shape: $0].name } }
    public var outputShape: String? { output.map { ServiceModel.shared[shape: $0].name } }
}
