import AWSCore
import Foundation

/// What `snapshot.take{}` / `cogsh -m backup` asked for.
public struct SnapshotRequest: Sendable {
    public var poolId: String
    public var file: String
    /// One AdminGetUser per user, for the MFA settings ListUsers does not give.
    public var details: Bool
    /// 16 or 256 paginations by `sub` prefix; nil: 256 for pools over 500,000 users.
    public var shards: Int?
    /// Replace a complete snapshot at `file` (taken beside it, renamed over it when complete).
    public var overwrite: Bool

    public init(poolId: String, file: String, details: Bool = false, shards: Int? = nil, overwrite: Bool = false) {
        self.poolId = poolId
        self.file = file
        self.details = details
        self.shards = shards
        self.overwrite = overwrite
    }

    /// Above this many users (DescribeUserPool's estimate) a pool is listed in 256 shards.
    static let largePool = 500_000
}

/// What a snapshot run did.
public struct SnapshotSummary: Sendable {
    public var file: String
    public var poolId: String
    public var region: String
    public var users: Int
    public var groups: Int
    public var memberships: Int
    public var calls: Int
    public var elapsed: Double
    public var complete: Bool
    /// The run went on from an incomplete snapshot.
    public var resumed: Bool
    public var estimatedUsers: Int?
}

/// Where a run writes, decided before any page is asked for: a new file, an incomplete
/// snapshot of the same pool to go on with, or (with overwrite) a file beside a complete
/// one that replaces it once complete. Anything else is refused, naming the file.
struct TakeTarget {
    /// The file pages are written to.
    var workPath: String
    /// Renamed over `file` when complete (overwrite), else nil.
    var replaces: String?
    /// The snapshot gone on with, if any.
    var resumed: SnapshotMeta?

    static func choose(_ request: SnapshotRequest, region: String) throws(AWSError) -> TakeTarget {
        let file = request.file
        switch try SnapshotFile.inspect(file) {
        case .absent:
            try SnapshotFile.checkWritable(file)
            return TakeTarget(workPath: file, replaces: nil, resumed: nil)
        case .snapshot(let meta) where !meta.complete:
            try checkSame(meta, request, region: region, file: file)
            return TakeTarget(workPath: file, replaces: nil, resumed: meta)
        case .snapshot(let meta):
            guard request.overwrite else {
                throw SnapshotFile.error(file, "it is a complete snapshot of \(meta.summary); --overwrite (overwrite = true) replaces it")
            }
            // Overwriting is for taking the same pool again (a nightly file); another pool's
            // snapshot under that name is more likely a mistake than a rotation.
            guard meta.poolId == request.poolId, meta.region == region else {
                throw SnapshotFile.error(file, "it is a complete snapshot of another pool (\(meta.summary)); --overwrite replaces only a snapshot of \(request.poolId) in \(region)")
            }
            let partial = file + ".partial"
            switch try SnapshotFile.inspect(partial) {
            case .absent:
                try SnapshotFile.checkWritable(partial)
                return TakeTarget(workPath: partial, replaces: file, resumed: nil)
            case .snapshot(let p):
                try checkSame(p, request, region: region, file: partial)
                return TakeTarget(workPath: partial, replaces: file, resumed: p)
            }
        }
    }

    /// Going on with a snapshot of another pool or region would mix two pools in one file.
    static func checkSame(_ meta: SnapshotMeta, _ request: SnapshotRequest, region: String, file: String) throws(AWSError) {
        guard meta.poolId == request.poolId, meta.region == region else {
            throw SnapshotFile.error(file, "it is an incomplete snapshot of \(meta.poolId) in \(meta.region), not of \(request.poolId) in \(region); give another file")
        }
    }
}
