import AWSCore
import Cognito
import Foundation
import LuaHost

/// `aws.sign{…}` signs any request with SigV4 and shows its workings;
/// `aws.credentials()` tells which identity the chain resolved (never the secret).
enum AWSModule {
    static let module: LuaModule = LuaModule(name: "aws", definitions: .builtin("aws.d.lua")) { context in
        let clients = context.clients
        context.state.pushModule("aws", functions: [
            ("sign", { s in try sign(s, clients: clients) }),
            ("credentials", { s in try credentials(s, clients: clients) }),
            ("caller_identity", { s in try callerIdentity(s, clients: clients) }),
        ])
        context.state.stack.pop()
    }

    static func invalid(_ field: String, _ message: String) -> CogshError {
        CogshError.validation("aws.sign: \(field): \(message)", field: field)
    }

    static func text(_ t: LuaTable, _ key: String, required: Bool = false) throws -> String? {
        guard let v = t[key], v != .nil else {
            if required { throw invalid(key, "is required") }
            return nil
        }
        guard case .string(let bytes) = v else { throw invalid(key, "must be a string, not \(v.typeName)") }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw invalid(key, "is not valid UTF-8") }
        return s
    }

    static func flag(_ t: LuaTable, _ key: String, default value: Bool) throws -> Bool {
        switch t[key] {
        case nil, .nil?: return value
        case .boolean(let b)?: return b
        case let v?: throw invalid(key, "must be a boolean, not \(v.typeName)")
        }
    }

    /// Headers as a map or as a list of {name, value} pairs (order and repeats kept).
    static func headers(_ t: LuaTable) throws -> [HTTPHeaderField] {
        guard let v = t["headers"], v != .nil else { return [] }
        guard case .table(let h) = v else { throw invalid("headers", "must be a table") }
        var out: [HTTPHeaderField] = []
        for (i, pair) in h.sequence.enumerated() {
            guard case .table(let p) = pair, p.sequence.count == 2, let name = p.sequence[0].text, let value = p.sequence[1].text else {
                throw invalid("headers[\(i + 1)]", "must be a {name, value} pair of strings")
            }
            out.append((name: name, value: value))
        }
        for (k, v) in h.fields.sorted(by: { ($0.key.text ?? "") < ($1.key.text ?? "") }) {
            guard let name = k.text, let value = v.text else { throw invalid("headers", "names and values must be strings") }
            out.append((name: name, value: value))
        }
        return out
    }

    static let knownFields: Set<String> = [
        "method", "url", "headers", "body", "region", "service", "time", "credentials", "normalize_path", "sign_body",
    ]

    static func sign(_ s: LuaStack, clients: ClientFactory) throws -> Int32 {
        guard case .table(let t) = try s.value(at: 1) else {
            throw CogshError(.validation, "aws.sign expects a table: aws.sign{ method =, url =, region =, service =, ... }")
        }
        if let unknown = t.fields.keys.lazy.compactMap({ $0.text }).first(where: { !knownFields.contains($0) }) {
            throw invalid(unknown, "unknown field (expected one of \(knownFields.sorted().joined(separator: ", ")))")
        }
        let method = try text(t, "method") ?? "GET"
        let url = try text(t, "url", required: true)!
        let region = try text(t, "region", required: true)!
        let service = try text(t, "service", required: true)!
        var body: [UInt8] = []
        if let b = t["body"], b != .nil {
            guard case .string(let bytes) = b else { throw invalid("body", "must be a string") }
            body = bytes
        }
        var timestamp = SigV4Timestamp()
        if let time = try text(t, "time") {
            guard let parsed = SigV4Timestamp(amzDate: time) else { throw invalid("time", "must look like 20150830T123600Z") }
            timestamp = parsed
        }
        let credentials: AWSCredentials
        if let c = t["credentials"], c != .nil {
            guard case .table(let ct) = c else { throw invalid("credentials", "must be a table") }
            guard let id = try text(ct, "access_key_id"), let secret = try text(ct, "secret_access_key") else {
                throw invalid("credentials", "needs access_key_id and secret_access_key")
            }
            credentials = AWSCredentials(accessKeyId: id, secretAccessKey: secret, sessionToken: try text(ct, "session_token"))
        } else {
            credentials = try clients.defaultClient().credentials()
        }
        let options = SigV4Options(normalizePath: try flag(t, "normalize_path", default: true), signBody: try flag(t, "sign_body", default: false))
        guard let request = SigV4Request(method: method, url: url, headers: try headers(t), body: body) else {
            throw invalid("url", "is not a valid URL")
        }
        let signed = SigV4Signer(region: region, service: service).sign(request, credentials: credentials, timestamp: timestamp, options: options)
        var result = LuaTable()
        result.fields["headers"] = .table(LuaTable(sequence: signed.headers.map { .table(LuaTable(sequence: [.string($0.name), .string($0.value)])) }))
        result.fields["authorization"] = .string(signed.authorization)
        result.fields["signature"] = .string(signed.signature)
        result.fields["canonical_request"] = .string(signed.canonicalRequest)
        result.fields["string_to_sign"] = .string(signed.stringToSign)
        return s.returning(.table(result))
    }

    /// caller_identity() → { account, arn, user_id }: STS GetCallerIdentity, asked once a run.
    static func callerIdentity(_ s: LuaStack, clients: ClientFactory) throws -> Int32 {
        let identity = try clients.defaultClient().callerIdentity()
        return s.returning(.table(LuaTable(fields: [
            "account": .string(identity.account), "arn": .string(identity.arn), "user_id": .string(identity.userId),
        ])))
    }

    static func credentials(_ s: LuaStack, clients: ClientFactory) throws -> Int32 {
        let identity = try clients.defaultClient().identity()
        var result = LuaTable(fields: ["source": .string(identity.source), "access_key_id": .string(identity.accessKeyId)])
        if let expiration = identity.expiration {
            result.fields["expiration"] = .integer(Int64(expiration.timeIntervalSince1970))
        }
        return s.returning(.table(result))
    }
}
