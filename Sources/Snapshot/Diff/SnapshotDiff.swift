import AWSCore

/// The differences between two snapshots, user by user, in key order: both sides are
/// read in keyset batches and merged, so two million-user snapshots are compared in the
/// memory of two batches. Users are matched by username, or by an alias attribute first
/// (then the users lacking it by username); users sharing an alias on one side are
/// paired with the other side's in username order.
public final class SnapshotDiff {
    let old: SnapshotReader
    let new: SnapshotReader
    let options: DiffOptions
    static let batch = 500

    /// One merge pass: users matched by `alias` (nil: by username), or by username among
    /// those lacking `withoutAlias`.
    private struct Pass { var alias: String?; var withoutAlias: String? }
    private var passes: [Pass]
    private var oldSide = Side()
    private var newSide = Side()

    private struct Side {
        var buffer: [SnapshotReader.User] = []
        var index = 0
        var last: SnapshotReader.Position?
        var exhausted = false
    }

    public init(old: SnapshotReader, new: SnapshotReader, options: DiffOptions = DiffOptions()) {
        self.old = old
        self.new = new
        self.options = options
        passes = options.alias.map { [Pass(alias: $0), Pass(withoutAlias: $0)] } ?? [Pass()]
    }

    /// The next differences (at most about `limit`); empty when there are no more.
    public func next(limit: Int = 100) throws(AWSError) -> [UserDifference] {
        var out: [UserDifference] = []
        while out.count < limit, let pass = passes.first {
            let a = try head(&oldSide, old, pass)
            let b = try head(&newSide, new, pass)
            switch (a, b) {
            case (nil, nil):
                passes.removeFirst()
                oldSide = Side()
                newSide = Side()
            case (let x?, nil):
                out.append(UserDifference(username: x.record.username, change: .removed)); oldSide.index += 1
            case (nil, let y?):
                out.append(UserDifference(username: y.record.username, change: .added)); newSide.index += 1
            case (let x?, let y?) where Self.precedes(x.key, y.key):
                out.append(UserDifference(username: x.record.username, change: .removed)); oldSide.index += 1
            case (let x?, let y?) where Self.precedes(y.key, x.key):
                out.append(UserDifference(username: y.record.username, change: .added)); newSide.index += 1
            case (let x?, let y?):
                if let d = UserDifference.between(x, y, options: options) { out.append(d) }
                oldSide.index += 1
                newSide.index += 1
            }
        }
        return out
    }

    /// Keys in SQLite's order (BINARY: the UTF-8 bytes), which Swift's canonical
    /// string order is not for every string.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// The side's next user in this pass, reading the next batch when needed (users of
    /// the skipped status passed over).
    private func head(_ side: inout Side, _ reader: SnapshotReader, _ pass: Pass) throws(AWSError) -> SnapshotReader.User? {
        while let user = try rawHead(&side, reader, pass) {
            guard let skipped = options.skippedStatus, user.record.status == skipped else { return user }
            side.index += 1
        }
        return nil
    }

    private func rawHead(_ side: inout Side, _ reader: SnapshotReader, _ pass: Pass) throws(AWSError) -> SnapshotReader.User? {
        if side.index < side.buffer.count { return side.buffer[side.index] }
        if side.exhausted { return nil }
        side.buffer = try reader.users(after: side.last, limit: Self.batch, alias: pass.alias, withoutAlias: pass.withoutAlias)
        side.index = 0
        side.last = side.buffer.last?.position
        if side.buffer.count < Self.batch { side.exhausted = true }
        return side.buffer.first
    }
}
