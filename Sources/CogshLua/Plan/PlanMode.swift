/// What `--plan`, `--apply` and `--plan-show` ask of a run (DESIGN.md, "Plan, apply,
/// undo"); nil in RuntimeSettings for every other run.
public enum PlanMode: Sendable, Equatable {
    /// `--plan PLAN [--snapshot FILE] script [args]`: mutating calls recorded, not sent.
    case record(PlanRecordSettings)
    /// `--apply PLAN [--force]`.
    case apply(path: String, force: Bool)
    /// `--plan-show PLAN`.
    case show(path: String)
}

public struct PlanRecordSettings: Sendable, Equatable {
    public var path: String
    /// `--snapshot FILE`: users' states before are read from it instead of the pool.
    public var snapshot: String?
    /// The script as the command line named it, and its arguments (the plan's header).
    public var script: String?
    public var args: [String]

    public init(path: String, snapshot: String? = nil, script: String? = nil, args: [String] = []) {
        self.path = path
        self.snapshot = snapshot
        self.script = script
        self.args = args
    }

    /// Where an apply of the plan keeps its journal and writes its undo.
    public static func journalPath(of plan: String) -> String { plan + ".journal" }
    public static func undoPath(of plan: String) -> String { plan + ".undo" }
}
