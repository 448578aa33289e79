import AWSCore
import Cognito
import Snapshot

/// Reads the state of a user or a pool-level resource: the `before` a plan records and
/// the live state an apply compares with it. Reads go through the client's invoker like
/// any call, so they are paced under their quota (UserRead, UserResourceRead…) and
/// counted in the run summary.
enum BeforeStates {
    /// The user as AdminGetUser answers it (nil: it does not exist), with its groups
    /// (AdminListGroupsForUser, every page) when `groups` is true.
    static func user(_ username: String, pool: String, groups: Bool, invoker: CognitoInvoker) async -> Result<UserState?, AWSError> {
        let answer = await send("AdminGetUser", ["UserPoolId": .string(pool), "Username": .string(username)], invoker: invoker)
        switch answer {
        case .failure(let e) where e.code == "UserNotFoundException": return .success(nil)
        case .failure(let e): return .failure(e)
        case .success(let json):
            guard var state = UserState(json: json) else {
                return .failure(.parse("AdminGetUser answered no Username for \(username)"))
            }
            if groups {
                switch await self.groups(of: username, pool: pool, invoker: invoker) {
                case .success(let g): state.groups = g
                case .failure(let e) where e.code == "UserNotFoundException": return .success(nil)
                case .failure(let e): return .failure(e)
                }
            }
            return .success(state)
        }
    }

    static func groups(of username: String, pool: String, invoker: CognitoInvoker) async -> Result<Set<String>, AWSError> {
        var names = Set<String>()
        var token: String?
        repeat {
            var input: [String: JSONValue] = ["UserPoolId": .string(pool), "Username": .string(username), "Limit": .int(60)]
            if let token { input["NextToken"] = .string(token) }
            switch await send("AdminListGroupsForUser", input, invoker: invoker) {
            case .failure(let e): return .failure(e)
            case .success(let page):
                if case .array(let list)? = page["Groups"] {
                    for g in list { if let n = g["GroupName"]?.stringValue { names.insert(n) } }
                }
                let next = page["NextToken"]?.stringValue
                token = next == token || next?.isEmpty == true ? nil : next
            }
        } while token != nil
        return .success(names)
    }

    /// A pool-level resource's state (null when it does not exist).
    static func resource(_ read: PoolResources.Read, invoker: CognitoInvoker) async -> Result<PlanCall.Before, AWSError> {
        guard case .object(let input) = read.input else { return .success(.notRecorded) }
        switch await send(read.op, input, invoker: invoker) {
        case .failure(let e) where e.code == read.notFound: return .success(.missing)
        case .failure(let e): return .failure(e)
        case .success(let answer):
            let state = PoolResources.state(from: answer, read: read)
            guard read.members else { return .success(.state(state)) }
            return await withMembers(state, read: read, invoker: invoker)
        }
    }

    /// A group's state with `Members`: the usernames of ListUsersInGroup, every page.
    static func withMembers(_ state: JSONValue, read: PoolResources.Read, invoker: CognitoInvoker) async -> Result<PlanCall.Before, AWSError> {
        guard case .object(var group) = state, let pool = read.input["UserPoolId"], let name = read.input["GroupName"] else {
            return .success(.state(state))
        }
        var members: [String] = []
        var token: String?
        repeat {
            var input: [String: JSONValue] = ["UserPoolId": pool, "GroupName": name, "Limit": .int(60)]
            if let token { input["NextToken"] = .string(token) }
            switch await send("ListUsersInGroup", input, invoker: invoker) {
            case .failure(let e): return .failure(e)
            case .success(let page):
                if case .array(let users)? = page["Users"] { members += users.compactMap { $0["Username"]?.stringValue } }
                let next = page["NextToken"]?.stringValue
                token = next == token || next?.isEmpty == true ? nil : next
            }
        } while token != nil
        group["Members"] = .array(members.sorted().map { .string($0) })
        return .success(.state(.object(group)))
    }

    /// A user as the snapshot holds it (nil: not in the snapshot), groups included.
    static func user(_ username: String, snapshot: SnapshotReader) -> Result<UserState?, AWSError> {
        do throws(AWSError) {
            guard let found = try snapshot.user(named: username) else { return .success(nil) }
            let r = found.record
            var attributes: [String: String] = [:]
            for a in r.attributes { attributes[a.name] = a.value }
            return .success(UserState(username: r.username, attributes: attributes, enabled: r.enabled, status: r.status,
                                      mfa: r.mfa, groups: Set(found.groups)))
        } catch {
            return .failure(error)
        }
    }

    /// Sends one read by API name; the answer's JSON (without ResponseMetadata).
    static func send(_ op: String, _ input: [String: JSONValue], invoker: CognitoInvoker) async -> Result<JSONValue, AWSError> {
        let call: PreparedCall
        do {
            call = try invoker.prepare(op, params: PlanParams.param(.object(input)))
        } catch {
            return .failure(AWSError(kind: .config, code: LocalErrorCode.validation.rawValue, message: error.message, operation: op))
        }
        return await invoker.send(call).map(\.json)
    }
}
