import CogshLua
import LuaHost

/// Exit codes of DESIGN.md, following the AWS CLI's where it has one.
enum ExitStatus {
    static let success: Int32 = 0
    static let luaError: Int32 = 1
    static let usage: Int32 = 2
    /// Another run holds the --lock file or the task.map journal (EX_TEMPFAIL: try again later).
    static let lockHeld: Int32 = 75
    static let validation: Int32 = 252
    static let configuration: Int32 = 253
    static let service: Int32 = 254
    static let transport: Int32 = 255
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143

    /// The status for an uncaught error: by the kind of its cogsh.Error, else 1.
    static func forUncaught(_ failure: LuaFailure) -> Int32 {
        if let stop = LuaStopReason.current { return forStop(stop) }
        guard failure.kind == .runtime || failure.kind == .handler,
              let kind = failure.category.flatMap(CogshError.Kind.init(rawValue:)) else { return luaError }
        return forKind(kind)
    }

    static func forKind(_ kind: CogshError.Kind) -> Int32 {
        switch kind {
        case .validation: return validation
        case .credentials, .config: return configuration
        case .network, .timeout, .parse: return transport
        case .service: return service
        case .interrupted: return luaError
        case .lock: return lockHeld
        }
    }

    static func forStop(_ reason: LuaStopReason) -> Int32 {
        switch reason {
        case .interrupt: return interrupted
        case .terminate: return terminated
        case .timeout: return transport
        }
    }
}
