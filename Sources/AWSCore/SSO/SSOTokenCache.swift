import Crypto
import Foundation

/// An IAM Identity Center access token as `aws sso login` caches it, with what a refresh
/// needs (the refresh token and the client registration). `description` shows none of
/// the secrets.
struct SSOToken: Sendable, Equatable, CustomStringConvertible {
    var accessToken: String
    var expiresAt: Date
    var refreshToken: String?
    var clientId: String?
    var clientSecret: String?
    var registrationExpiresAt: Date?
    /// The whole cached object, so a write-back keeps the members it does not know.
    var document: [String: JSONValue]

    /// A refresh is possible: a refresh token and a client registration still valid at `now`.
    func canRefresh(at now: Date) -> Bool {
        guard refreshToken != nil, clientId != nil, clientSecret != nil else { return false }
        if let r = registrationExpiresAt, r <= now { return false }
        return true
    }

    var secrets: [String] { [accessToken, refreshToken, clientSecret].compactMap { $0 } }

    var description: String {
        "SSOToken(accessToken: ****, expiresAt: \(expiresAt), refreshToken: \(refreshToken == nil ? "none" : "****"))"
    }
}

/// The token cache of the AWS CLI: `~/.aws/sso/cache/<key>.json`, the key being the
/// SHA-1 (hex) of the `sso_session` name, or of the start URL for a legacy profile
/// without one. cogsh reads it as `aws sso login` writes it, and writes a refreshed
/// token back the same way, so both keep working with one login.
struct SSOTokenCache: Sendable {
    let directory: String

    init(homeDirectory: String) {
        directory = homeDirectory + "/.aws/sso/cache"
    }

    static func fileName(cacheKey: String) -> String {
        Hex.string(digest: Insecure.SHA1.hash(data: Array(cacheKey.utf8))) + ".json"
    }

    func path(cacheKey: String) -> String {
        directory + "/" + Self.fileName(cacheKey: cacheKey)
    }

    enum Failure: Error, Equatable {
        case missing
        /// What is wrong with it (never its contents).
        case unreadable(String)
    }

    func read(cacheKey: String) -> Result<SSOToken, Failure> {
        let file = path(cacheKey: cacheKey)
        guard FileManager.default.fileExists(atPath: file) else { return .failure(.missing) }
        guard let data = FileManager.default.contents(atPath: file) else { return .failure(.unreadable("it cannot be read")) }
        guard let json = try? JSONCodec.decode(Array(data)), case .object(let o) = json else {
            return .failure(.unreadable("it is not a JSON object"))
        }
        guard let access = o["accessToken"]?.stringValue, !access.isEmpty else {
            return .failure(.unreadable("it holds no accessToken"))
        }
        guard let raw = o["expiresAt"]?.stringValue, let expires = Self.parseTime(raw) else {
            return .failure(.unreadable("its expiresAt is missing or not a time"))
        }
        func text(_ k: String) -> String? { o[k]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        return .success(SSOToken(accessToken: access, expiresAt: expires, refreshToken: text("refreshToken"),
                                 clientId: text("clientId"), clientSecret: text("clientSecret"),
                                 registrationExpiresAt: text("registrationExpiresAt").flatMap(Self.parseTime),
                                 document: o))
    }

    /// Writes the token back (owner-only, replaced in one rename so a reader never sees
    /// half a file), keeping every other member of the cached object.
    func write(_ token: SSOToken, cacheKey: String) throws {
        var o = token.document
        o["accessToken"] = .string(token.accessToken)
        o["expiresAt"] = .string(Self.formatTime(token.expiresAt))
        if let r = token.refreshToken { o["refreshToken"] = .string(r) }
        let bytes = try JSONCodec.encode(.object(o), pretty: true)
        let file = path(cacheKey: cacheKey)
        let temporary = file + ".cogsh-\(ProcessInfo.processInfo.processIdentifier).tmp"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw AWSError.credentials("cannot write the refreshed SSO token to \(directory)")
        }
        guard rename(temporary, file) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw AWSError.credentials("cannot replace the SSO token cache file \(file)")
        }
    }

    /// `2026-11-27T20:00:00Z`; older AWS CLI v2 releases wrote `…UTC` instead of `Z`.
    static func parseTime(_ text: String) -> Date? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("UTC") { t = String(t.dropLast(3)) + "Z" }
        return ISO8601.parse(t)
    }

    /// The form the AWS CLI writes: whole seconds, UTC, `Z`.
    static func formatTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
