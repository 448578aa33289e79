import Foundation

/// Reads STS's XML answers: the temporary credentials of a successful AssumeRole… and the
/// `<ErrorResponse>` of a refusal.
enum STSResponse {
    /// The `<Credentials>` of `<{Action}Result>`, and the assumed role's ARN.
    static func credentials(_ bytes: [UInt8], action: String) throws -> (AWSCredentials, assumedRoleArn: String?) {
        guard let root = XMLTree.parse(bytes) else {
            throw AWSError.credentials("STS answered \(action) with a body that is not XML")
        }
        guard let c = root["\(action)Result", "Credentials"],
              let id = c.child("AccessKeyId")?.text, !id.isEmpty,
              let secret = c.child("SecretAccessKey")?.text, !secret.isEmpty,
              let token = c.child("SessionToken")?.text, !token.isEmpty else {
            throw AWSError.credentials("STS answered \(action) without AccessKeyId, SecretAccessKey and SessionToken in \(action)Result/Credentials")
        }
        guard let raw = c.child("Expiration")?.text, let expiration = ISO8601.parse(raw) else {
            throw AWSError.credentials("STS answered \(action) without an ISO 8601 Expiration")
        }
        let arn = root["\(action)Result", "AssumedRoleUser", "Arn"]?.text
        return (AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration), arn)
    }

    /// The secrets in a successful answer, for the debug output to mask.
    static func secrets(in bytes: [UInt8]) -> [String] {
        guard let c = XMLTree.parse(bytes)?.first("Credentials") else { return [] }
        return [c.child("SecretAccessKey")?.text, c.child("SessionToken")?.text].compactMap { $0 }
    }

    /// `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error><RequestId>…`;
    /// anything else (a proxy's HTML page, JSON from a gateway) is read as service
    /// errors are.
    static func failure(_ response: HTTPResponseMessage) -> ServiceFailure {
        let headerId = response.header("x-amzn-RequestId")
        if let root = XMLTree.parse(response.body), let error = root.first("Error"),
           let code = error.child("Code")?.text, !code.isEmpty {
            let message = error.child("Message")?.text ?? ""
            return ServiceFailure(code: code,
                                            message: message.isEmpty ? "STS answered HTTP \(response.status) without a message" : message,
                                            requestId: headerId ?? root.first("RequestId")?.text)
        }
        let parsed = ServiceErrorParser.parse(status: response.status, headers: response.headers, body: response.body)
        return ServiceFailure(code: parsed.code, message: parsed.message, requestId: headerId)
    }
}

extension STSResponse {
    /// `<GetCallerIdentityResult>`'s Account, Arn and UserId; an answer without them is a
    /// ParseError carrying the status, request id and attempts, as a service call's is.
    static func callerIdentity(_ answer: HTTPResponseMessage, attempts: Int) -> Result<CallerIdentity, AWSError> {
        let root = XMLTree.parse(answer.body)
        let requestId = answer.header("x-amzn-RequestId") ?? root?["ResponseMetadata", "RequestId"]?.text
        func failure(_ message: String) -> Result<CallerIdentity, AWSError> {
            var e = AWSError.parse(message, status: answer.status, requestId: requestId)
            e.operation = "GetCallerIdentity"
            e.attempts = attempts
            return .failure(e)
        }
        guard let root else { return failure("STS answered GetCallerIdentity with a body that is not XML") }
        guard let result = root["GetCallerIdentityResult"],
              let account = result.child("Account")?.text, !account.isEmpty,
              let arn = result.child("Arn")?.text, !arn.isEmpty,
              let userId = result.child("UserId")?.text, !userId.isEmpty else {
            return failure("STS answered GetCallerIdentity without Account, Arn and UserId in GetCallerIdentityResult")
        }
        return .success(CallerIdentity(account: account, arn: arn, userId: userId))
    }
}
