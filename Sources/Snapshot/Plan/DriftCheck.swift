/// What of a user a plan touches, and whether the user changed there since the plan was
/// made (DESIGN.md: "compared with `before` for what the plan touches"). A field counts
/// as unchanged when it still holds its value before the plan, or already holds the
/// value the plan gives it (a call sent by a run that was killed before it could
/// journal it, or the same change made by someone else).
public struct DriftScope: Sendable, Equatable {
    /// Attributes the calls set or delete. A verified flag set in the same call as its
    /// address is left out: Cognito changes it by itself when the address changes.
    public var attributes: Set<String> = []
    public var enabled = false
    public var groups: Set<String> = []
    /// Whether the plan reads groups for this user (a group change or a deletion).
    public var needsGroups = false

    public init(_ calls: [PlanCall]) {
        let ops = PlanOperations.self
        for call in calls {
            switch call.op {
            case ops.updateAttributes:
                let set = UserSimulation.attributePairs(call.input["UserAttributes"])
                for name in set.keys {
                    let address = UserSimulation.verifiedFlags.first { $0.value == name }?.key
                    if let address, set[address] != nil { continue }
                    attributes.insert(name)
                }
            case ops.deleteAttributes:
                attributes.formUnion(UserSimulation.attributeNames(call.input["UserAttributeNames"]))
            case ops.disable, ops.enable: enabled = true
            case ops.addToGroup, ops.removeFromGroup:
                if let g = call.input["GroupName"]?.stringValue { groups.insert(g) }
            default: break
            }
            if PlanOperations.needsGroups(call.op) { needsGroups = true }
        }
    }
}

public enum DriftCheck {
    /// The fields (`user`, `attributes.NAME`, `enabled`, `groups.NAME`) in which `live`
    /// differs from both the plan's `before` and what the plan makes of it (`after`).
    public static func drifted(before: UserState?, after: UserState?, live: UserState?, scope: DriftScope) -> [String] {
        guard let live else {
            // Gone: drift unless the plan had it absent, before or after.
            return before == nil || after == nil ? [] : ["user"]
        }
        guard let before else { return ["user"] }   // the plan creates it, and it exists already
        var out: [String] = []
        for name in scope.attributes.sorted() {
            let now = live.attributes[name]
            if now != before.attributes[name] && (after == nil || now != after?.attributes[name]) {
                out.append("attributes." + name)
            }
        }
        if scope.enabled, live.enabled != before.enabled, after == nil || live.enabled != after?.enabled {
            out.append("enabled")
        }
        if let liveGroups = live.groups, let beforeGroups = before.groups {
            for g in scope.groups.sorted() {
                let member = liveGroups.contains(g)
                if member != beforeGroups.contains(g), after?.groups.map({ member != $0.contains(g) }) ?? true {
                    out.append("groups." + g)
                }
            }
        }
        return out
    }
}
