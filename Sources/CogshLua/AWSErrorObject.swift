import AWSCore
import LuaHost

/// An AWSCore failure as the `cogsh.Error` object of DESIGN.md, every field filled.
extension LuaErrorObject {
    init(_ error: AWSError, operation: String? = nil, field: String? = nil) {
        var fields: [(String, LuaValue)] = []
        if let status = error.status { fields.append(("status", .integer(Int64(status)))) }
        if let id = error.requestId { fields.append(("request_id", .string(id))) }
        if let op = error.operation ?? operation { fields.append(("operation", .string(op))) }
        fields.append(("retryable", .boolean(error.retryable)))
        fields.append(("throttling", .boolean(error.throttling)))
        fields.append(("attempts", .integer(Int64(error.attempts))))
        if let field { fields.append(("field", .string(field))) }
        self.init(code: error.code, message: error.message, fields: fields)
    }
}
