import AWSCore

/// The summary a reviewer reads (at the end of `--plan`, and from the file with
/// `--plan-show`): calls per operation, users touched (and those touched more than
/// once), for each attribute the most common before → after values with their counts,
/// enable/disable and group changes, deletions, and the calls an undo cannot take back.
public enum PlanSummary {
    static let topValues = 3
    static let namesShown = 10

    public static func text(_ plan: Plan) -> String {
        let h = plan.header
        var out: [String] = []
        let place = h.pool.map { "on \($0) (\(h.region ?? "?"), account \(h.account ?? "?"))" } ?? "(no calls)"
        var origin = "made \(h.created)"
        if let who = h.identity { origin += " by \(who)" }
        if let undone = h.undoOf { origin += ", the undo of \(undone)" } else if let script = h.script {
            origin += " from " + ([script] + h.args).joined(separator: " ")
        }
        if let snapshot = h.snapshot { origin += "; states before from the snapshot \(snapshot)" }
        out.append("plan \(plan.path): \(count(plan.calls.count, "call")) \(place), \(origin)")

        let users = plan.userCalls
        let repeated = users.filter { $0.calls.count > 1 }
            .sorted { $0.calls.count != $1.calls.count ? $0.calls.count > $1.calls.count : $0.username < $1.username }
        var usersLine = "  users touched: \(grouped(users.count))"
        if !repeated.isEmpty {
            let names = repeated.prefix(namesShown).map { "\($0.username) ×\($0.calls.count)" }
            usersLine += "; more than once: \(grouped(repeated.count)) (" + names.joined(separator: ", ")
                + (repeated.count > namesShown ? ", …" : "") + ")"
        }
        out.append(usersLine)
        if !plan.poolCalls.isEmpty { out.append("  pool-level calls: \(grouped(plan.poolCalls.count)) (run first, deletions last)") }

        if !plan.calls.isEmpty {
            out.append("  calls by operation:")
            out += tally(plan.calls.map(\.op)).map { "    \(pad($0.key, 28)) \(grouped($0.count))" }
        }
        let changes = attributeChanges(users)
        if !changes.isEmpty {
            out.append("  attribute changes (most common before → after):")
            for name in changes.keys.sorted() {
                let pairs = tally(changes[name]!)
                let shown = pairs.prefix(topValues).map { "\($0.key) ×\(grouped($0.count))" }
                let rest = pairs.count > topValues ? "; \(pairs.count - topValues) other changes" : ""
                out.append("    \(name) (\(count(changes[name]!.count, "user"))): " + shown.joined(separator: "; ") + rest)
            }
        }
        let ops = plan.calls.map(\.op)
        let disables = ops.filter { $0 == PlanOperations.disable }.count, enables = ops.filter { $0 == PlanOperations.enable }.count
        if disables + enables > 0 { out.append("  enabled: \(grouped(disables)) disabled, \(grouped(enables)) enabled") }
        let groupChanges = plan.calls.compactMap { c -> String? in
            guard PlanOperations.changesGroups(c.op), let g = c.input["GroupName"]?.stringValue else { return nil }
            return (c.op == PlanOperations.addToGroup ? "+" : "−") + g
        }
        if !groupChanges.isEmpty {
            out.append("  groups: " + tally(groupChanges).map { "\($0.key) ×\(grouped($0.count))" }.joined(separator: ", "))
        }
        let deletions = ops.filter { $0 == PlanOperations.deleteUser }.count
        if deletions > 0 {
            out.append("  deleted users: \(grouped(deletions)); an undo recreates them with their attributes, enabled state and groups, "
                + "but without their password (FORCE_CHANGE_PASSWORD), sub, MFA devices or federated links")
        }
        let irreversible = plan.calls.filter { !PlanOperations.isUndoable($0) }.map(\.op)
        if irreversible.isEmpty {
            out.append("  cannot be undone: none")
        } else {
            out.append("  cannot be undone: \(count(irreversible.count, "call")) ("
                + tally(irreversible).map { "\($0.key) \(grouped($0.count))" }.joined(separator: ", ") + ")")
        }
        return out.joined(separator: "\n")
    }

    /// Per attribute, one "before → after" text per change (its value before the plan).
    static func attributeChanges(_ users: [(username: String, calls: [PlanCall])]) -> [String: [String]] {
        var changes: [String: [String]] = [:]
        for (_, calls) in users {
            var before: UserState?
            for c in calls { if case .state(let s) = c.before, let u = UserState(json: s) { before = u; break } }
            for c in calls {
                switch c.op {
                case PlanOperations.updateAttributes:
                    for (name, value) in UserSimulation.attributePairs(c.input["UserAttributes"]) {
                        changes[name, default: []].append(show(before?.attributes[name]) + " → " + show(value))
                    }
                case PlanOperations.deleteAttributes:
                    for name in UserSimulation.attributeNames(c.input["UserAttributeNames"]) {
                        changes[name, default: []].append(show(before?.attributes[name]) + " → (deleted)")
                    }
                default: break
                }
            }
        }
        return changes
    }

    static func show(_ value: String?) -> String {
        guard let value else { return "(absent)" }
        let text = PlanJSON.encode(.string(value))
        return text.count > 42 ? String(text.prefix(40)) + "…\"" : text
    }

    /// Counts, most frequent first (ties by name).
    static func tally(_ items: [String]) -> [(key: String, count: Int)] {
        var counts: [String: Int] = [:]
        for i in items { counts[i, default: 0] += 1 }
        return counts.map { (key: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(grouped(n)) \(noun)\(n == 1 ? "" : "s")" }

    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
