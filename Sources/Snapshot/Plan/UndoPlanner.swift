import AWSCore

/// The inverse of what an apply did to one user, made from the plan's `before` state
/// (DESIGN.md: attributes set back or deleted if absent before, enable ↔ disable, group
/// add ↔ remove, a deleted user recreated with its attributes, enabled state and groups,
/// a created user deleted). Each touched field is set back to its value before the plan,
/// so the result does not depend on how many calls touched it or in what order.
public enum UndoPlanner {
    /// Attributes a new user cannot be given: issued by Cognito (`sub`), or links to
    /// federated identities (`identities`) that AdminLinkProviderForUser makes.
    static let notCreatable: Set<String> = ["sub", "identities"]

    /// The undo calls for `done` (the user's calls that were sent, in plan order).
    /// `usernameAttributes`: the pool's (DescribeUserPool), for recreating a user whose
    /// username is its e-mail or phone number.
    /// `deletedGroups`: groups the plan deleted (pool-level calls), which the user is in
    /// no longer whatever its own calls did.
    public static func inverse(of done: [PlanCall], before: UserState?, pool: String, username: String,
                               usernameAttributes: [String] = [], deletedGroups: Set<String> = []) -> [UndoCall] {
        guard !done.isEmpty else { return [] }
        var after = UserSimulation.apply(done, to: before)
        if let groups = after?.groups { after?.groups = groups.subtracting(deletedGroups) }
        let undoBefore: PlanCall.Before = after.map { .state($0.json) } ?? .missing
        func call(_ op: String, _ fields: [String: JSONValue], name: String = username) -> UndoCall {
            var input = fields
            input["UserPoolId"] = .string(pool)
            input["Username"] = .string(name)
            return UndoCall(op: op, input: .object(input), before: undoBefore)
        }
        let ops = PlanOperations.self
        guard let before else {
            // The plan created it: delete it (unless the plan deleted it again).
            return after == nil ? [] : [call(ops.deleteUser, [:])]
        }
        if done.contains(where: { $0.op == ops.deleteUser }) {
            var out: [UndoCall] = after == nil ? [] : [call(ops.deleteUser, [:])]
            out += recreate(before, pool: pool, usernameAttributes: usernameAttributes, undoBefore: undoBefore)
            return out
        }
        guard let after else { return [] }
        var out: [UndoCall] = []
        let scope = DriftScope(done)
        var set: [String: String] = [:]
        var deleted: [String] = []
        for name in scope.attributes.sorted() where before.attributes[name] != after.attributes[name] {
            if let value = before.attributes[name] { set[name] = value } else { deleted.append(name) }
        }
        // An address set back with its verified flag as it was: no verification message
        // is sent, and the flag Cognito cleared when the plan changed the address returns.
        for (address, flag) in UserSimulation.verifiedFlags where set[address] != nil {
            if let value = before.attributes[flag] { set[flag] = value }
        }
        if !set.isEmpty {
            out.append(call(ops.updateAttributes, ["UserAttributes": attributeList(set)]))
        }
        if !deleted.isEmpty {
            out.append(call(ops.deleteAttributes, ["UserAttributeNames": .array(deleted.map { .string($0) })]))
        }
        if scope.enabled && before.enabled != after.enabled {
            out.append(call(before.enabled ? ops.enable : ops.disable, [:]))
        }
        if let beforeGroups = before.groups, let afterGroups = after.groups {
            for g in scope.groups.sorted() where beforeGroups.contains(g) != afterGroups.contains(g) {
                out.append(call(beforeGroups.contains(g) ? ops.addToGroup : ops.removeFromGroup, ["GroupName": .string(g)]))
            }
        }
        return out
    }

    /// A deleted user made again: AdminCreateUser without an invitation, with its
    /// attributes (not `sub` or `identities`), then disabled if it was, then back in its
    /// groups. It comes back FORCE_CHANGE_PASSWORD, with a new sub and no MFA devices.
    static func recreate(_ user: UserState, pool: String, usernameAttributes: [String], undoBefore: PlanCall.Before) -> [UndoCall] {
        var attributes = user.attributes
        for name in notCreatable { attributes[name] = nil }
        // In a pool whose usernames are e-mail addresses or phone numbers, the user is
        // created (and then found) by that alias: Cognito issues a new internal name.
        var name = user.username
        for kind in usernameAttributes {
            if let alias = attributes[kind] { name = alias; break }
        }
        func call(_ op: String, _ fields: [String: JSONValue]) -> UndoCall {
            var input = fields
            input["UserPoolId"] = .string(pool)
            input["Username"] = .string(name)
            return UndoCall(op: op, input: .object(input), before: undoBefore)
        }
        var out = [call(PlanOperations.createUser, [
            "UserAttributes": attributeList(attributes), "MessageAction": .string("SUPPRESS"),
            "ClientMetadata": .object(["cogsh": .string("undo")]),
        ])]
        // Every line of the user carries the same `before`: the user as the undo finds it.
        if !user.enabled { out.append(call(PlanOperations.disable, [:])) }
        for g in (user.groups ?? []).sorted() { out.append(call(PlanOperations.addToGroup, ["GroupName": .string(g)])) }
        return out
    }

    static func attributeList(_ values: [String: String]) -> JSONValue {
        .array(values.keys.sorted().map { .object(["Name": .string($0), "Value": .string(values[$0]!)]) })
    }
}
