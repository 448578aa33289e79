import LuaHost

/// Exit codes of DESIGN.md, following the AWS CLI's where it has one.
enum ExitStatus {
    static let success: Int32 = 0
    static let luaError: Int32 = 1
    static let usage: Int32 = 2
    /// Another run holds the --lock file (EX_TEMPFAIL: try again later).
    static let lockHeld: Int32 = 75
    static let validation: Int32 = 252
    static let configuration: Int32 = 253
    static let service: Int32 = 254
    static let transport: Int32 = 255
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143

    /// The status for an uncaught error: by its cogsh.Error code, else 1.
    static func forUncaught(_ failure: LuaFailure) -> Int32 {
        if let stop = LuaStopReason.current { return forStop(stop) }
        guard failure.kind == .runtime || failure.kind == .handler, let code = failure.errorCode else { return luaError }
        return forCode(code, hasStatus: failure.value.errorStatus != nil)
    }

    static func forCode(_ code: String, hasStatus: Bool) -> Int32 {
        switch code {
        case "ValidationError": return validation
        case "CredentialsError", "ConfigError": return configuration
        case "NetworkError", "TimeoutError", "ParseError": return transport
        default: return hasStatus ? service : luaError
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

extension LuaValue {
    /// The `status` field of an error object, when it has one.
    var errorStatus: Int64? {
        guard case .table(let t) = self, case .integer(let s)? = t["status"] else { return nil }
        return s
    }
}
