/// "Did you mean …" for misspelt member, operation and enum names.
enum Suggestion {
    /// The closest candidate by case-insensitive edit distance, if it is close enough
    /// to be a plausible typo (at most a third of the name, and never more than 3 edits).
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        let limit = min(3, max(1, target.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased().unicodeScalars))
            if d <= limit, best == nil || d < best!.distance {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// Edit distance counting a swap of neighbours as one edit ("emial" → "email"):
    /// the optimal-string-alignment variant of Damerau–Levenshtein.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// " — did you mean X?" or nothing.
    static func phrase(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { " — did you mean \($0)?" } ?? ""
    }
}
