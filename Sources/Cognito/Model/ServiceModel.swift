/// The decoded cognito-idp model. Built once, on first use (a static let is lazy and
/// thread-safe), so `cogsh -e ''` pays nothing for it.
struct ServiceModel: Sendable {
    static let shared = ModelDecoder.decode(GeneratedModel.records)

    let operations: [CognitoOperation]
    let shapes: [Shape]
    private let byName: [String: Int]
    private let bySnakeName: [String: Int]
    private let shapeIDs: [String: Int]

    init(operations: [CognitoOperation], shapes: [Shape]) {
        self.operations = operations
        self.shapes = shapes
        var byName: [String: Int] = [:], bySnake: [String: Int] = [:]
        for (i, op) in operations.enumerated() {
            byName[op.name] = i
            bySnake[op.snakeName] = i
        }
        self.byName = byName
        self.bySnakeName = bySnake
        var ids: [String: Int] = [:]
        for (i, s) in shapes.enumerated() { ids[s.name] = i }
        self.shapeIDs = ids
    }

    func operation(apiName: String) -> CognitoOperation? {
        byName[apiName].map { operations[$0] }
    }

    func operation(snakeName: String) -> CognitoOperation? {
        bySnakeName[snakeName].map { operations[$0] }
    }

    func shapeID(named name: String) -> Int? { shapeIDs[name] }

    subscript(shape shape: Int) -> Shape { shapes[shape] }
}
