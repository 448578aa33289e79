import AWSCore
import LuaHost

/// The `cogsh.Error` object of DESIGN.md: the one kind of error value cogsh's Lua
/// functions raise, and the only place one is made. Every object keeps its kind
/// beside it (see ErrorObjects), so the exit status of an uncaught error comes from
/// what went wrong, not from its code string.
public struct CogshError: Error, LuaRaisable {
    /// The code of a run stopped by SIGINT or SIGTERM.
    public static let interruptedCode = "Interrupted"

    /// What went wrong, coarsely: the exit status of an uncaught error follows it.
    public enum Kind: String, Sendable {
        case validation, credentials, config, network, timeout, parse, service, interrupted
        /// A resource another run holds (a task.map journal).
        case lock
    }

    public var kind: Kind
    public var code: String
    public var message: String
    /// Further fields (status, request_id, operation, field, ...), in the order set.
    public var fields: [(String, LuaValue)]

    public init(_ code: LocalErrorCode, _ message: String, fields: [(String, LuaValue)] = []) {
        self.init(kind: Self.kind(of: code), code: code.rawValue, message: message, fields: fields)
    }

    /// The error a stop raises (SIGINT, SIGTERM).
    public static func interrupted(_ message: String) -> CogshError {
        CogshError(kind: .interrupted, code: interruptedCode, message: message, fields: [])
    }

    init(kind: Kind, code: String, message: String, fields: [(String, LuaValue)]) {
        self.kind = kind
        self.code = code
        self.message = message
        self.fields = fields
    }

    /// Bad input, nothing sent; `field` is the path of the offending value ("" for the whole).
    static func validation(_ message: String, field: String = "", operation: String? = nil) -> CogshError {
        var fields: [(String, LuaValue)] = []
        if let operation {
            fields += [("operation", .string(operation)), ("field", .string(field)),
                       ("retryable", false), ("throttling", false), ("attempts", 0)]
        } else {
            fields.append(("field", .string(field)))
        }
        return CogshError(.validation, message, fields: fields)
    }

    /// An AWSCore failure, every field filled.
    init(_ error: AWSError) {
        var fields: [(String, LuaValue)] = []
        if let status = error.status { fields.append(("status", .integer(Int64(status)))) }
        if let id = error.requestId { fields.append(("request_id", .string(id))) }
        if let op = error.operation { fields.append(("operation", .string(op))) }
        fields.append(("retryable", .boolean(error.retryable)))
        fields.append(("throttling", .boolean(error.throttling)))
        fields.append(("attempts", .integer(Int64(error.attempts))))
        // A file another run holds (a snapshot being taken) exits 75, as --lock does.
        let kind: Kind = error.code == Journal.lockCode ? .lock : Self.kind(of: error.kind)
        self.init(kind: kind, code: error.code, message: error.message, fields: fields)
    }

    static func kind(of code: LocalErrorCode) -> Kind {
        switch code {
        case .validation: return .validation
        case .credentials: return .credentials
        case .config: return .config
        case .network: return .network
        case .timeout: return .timeout
        case .parse: return .parse
        }
    }

    static func kind(of kind: AWSError.Kind) -> Kind {
        switch kind {
        case .service: return .service
        case .network: return .network
        case .timeout: return .timeout
        case .parse: return .parse
        case .credentials: return .credentials
        case .config: return .config
        }
    }

    public func push(onto stack: LuaStack) {
        ErrorObjects.push(self, on: stack)
    }
}

/// A Lua value that could not become a Swift value (a cycle, too deep) is bad input:
/// a ValidationError naming where, in the same path notation as parameter errors.
extension LuaConversionError: LuaRaisable {
    var path: String { FieldPaths.path(of: keys) }

    var asValidationError: CogshError {
        CogshError.validation("\(path.isEmpty ? "the value" : path) \(problem)", field: path)
    }

    public func push(onto stack: LuaStack) { asValidationError.push(onto: stack) }
}
