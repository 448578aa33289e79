import CogshLua

/// How `--plan`, `--plan-show`, `--apply`, `--force` and `--snapshot` go together
/// (usage errors, exit 2), and the plan mode they give the runtime.
enum PlanOptions {
    static func problem(plan: String?, show: String?, apply: String?, force: Bool, snapshot: String?, dryRun: Bool) -> String? {
        let modes = [plan, show, apply].compactMap { $0 }.count
        if modes > 1 { return "--plan, --plan-show and --apply cannot be used together" }
        if force && apply == nil { return "--force goes with --apply" }
        if snapshot != nil && plan == nil { return "--snapshot goes with --plan" }
        if dryRun && modes > 0 {
            return "--dry-run cannot be used with --plan, --plan-show or --apply (--plan is a dry run that records its calls)"
        }
        return nil
    }

    static func mode(plan: String?, show: String?, apply: String?, force: Bool, snapshot: String?) -> PlanMode? {
        if let plan { return .record(PlanRecordSettings(path: plan, snapshot: snapshot)) }
        if let apply { return .apply(path: apply, force: force) }
        if let show { return .show(path: show) }
        return nil
    }

    /// What the rest of the command line must (not) hold with them: `--apply` and
    /// `--plan-show` take no script; `--plan` needs one (a file, `-`, `-e` or `-m`).
    static func problem(with run: RunOptions) -> String? {
        switch run.runtime.plan {
        case .apply?, .show?:
            if run.scriptIndex != nil || !run.steps.isEmpty || run.interactive || run.job != nil {
                return "--apply and --plan-show take no script (and no -e, -l, -i or -m): cogsh --apply PLAN"
            }
        case .record?:
            if run.interactive { return "--plan records a script's calls; it cannot be used with -i" }
            if run.scriptIndex == nil && run.job == nil && !run.hasExecute {
                return "--plan needs a script: cogsh --plan PLAN script.lua [args]"
            }
        case nil: break
        }
        return nil
    }
}
