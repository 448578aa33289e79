/// The model's shortened documentation (`GeneratedDocs.records`), decoded on first use:
/// `<Api>`, `<Shape>` or `<Shape>.<member>` → one sentence of plain text.
enum ModelDocs {
    static let shared: [String: String] = {
        var docs: [String: String] = [:]
        for line in GeneratedDocs.records.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            docs[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return docs
    }()
}
