import AWSCore
import Cognito
import Foundation
import Snapshot

/// Where an apply runs, checked before anything is sent (DESIGN.md): the same account
/// (STS GetCallerIdentity) and region as the plan's header, and its pool exists
/// (DescribeUserPool). A plan made against staging does not apply to production by
/// accident: refused, naming both places. Another role or session of the same account
/// is only noted, so a colleague or CI can apply a reviewed plan.
struct ApplyPlace: Sendable {
    var identity: CallerIdentity
    var region: String
    /// The pool's UsernameAttributes: an undo recreates such users by their alias.
    var usernameAttributes: [String]
    /// Said before the calls start, when the plan was made by other credentials.
    var note: String?
}

enum ApplyChecks {
    static func run(_ plan: Plan, invoker: CognitoInvoker) async -> Result<ApplyPlace, AWSError> {
        let h = plan.header
        guard let pool = h.pool else {
            return .failure(.config("plan \(plan.path) names no pool"))
        }
        let (client, identity): (AWSJSONClient, CallerIdentity)
        switch await invoker.clientAndCaller() {
        case .success(let found): (client, identity) = found
        case .failure(let e): return .failure(e)
        }
        let region = client.config.region
        if identity.account != h.account || region != h.region {
            return .failure(.config("refused: the plan \(plan.path) is for the pool \(pool) in \(h.region ?? "?"), account "
                + "\(h.account ?? "?"); this run is account \(identity.account) in \(region) (\(identity.arn)). Nothing was sent."))
        }
        let described = await BeforeStates.send("DescribeUserPool", ["UserPoolId": .string(pool)], invoker: invoker)
        let answer: JSONValue
        switch described {
        case .success(let a): answer = a
        case .failure(let e) where e.code == "ResourceNotFoundException":
            return .failure(.config("refused: the plan's pool \(pool) does not exist in account \(identity.account), region "
                + "\(region) (DescribeUserPool: \(e.message)). Nothing was sent."))
        case .failure(let e): return .failure(e)
        }
        var usernameAttributes: [String] = []
        if case .array(let list)? = answer["UserPool"]?["UsernameAttributes"] { usernameAttributes = list.compactMap(\.stringValue) }
        var note: String?
        if let made = h.identity, made != identity.arn {
            note = "the plan \(plan.path) was made by \(made); it is applied by \(identity.arn) (the same account \(identity.account))"
        }
        return .success(ApplyPlace(identity: identity, region: region, usernameAttributes: usernameAttributes, note: note))
    }
}
