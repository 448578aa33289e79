import Foundation

/// The two shared files, located as the AWS CLI does: `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`.
public struct SharedConfigFiles: Sendable, Equatable {
    public var configPath: String
    public var credentialsPath: String
    public var config: SharedConfigFile
    public var credentials: SharedConfigFile

    public init(config: SharedConfigFile = SharedConfigFile(), credentials: SharedConfigFile = SharedConfigFile(),
                configPath: String = "", credentialsPath: String = "") {
        self.config = config
        self.credentials = credentials
        self.configPath = configPath
        self.credentialsPath = credentialsPath
    }

    /// Missing files read as empty; a file that exists but cannot be read is a ConfigError.
    public static func load(environment: [String: String], homeDirectory: String) throws -> SharedConfigFiles {
        let configPath = expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", home: homeDirectory)
        let credentialsPath = expand(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", home: homeDirectory)
        return SharedConfigFiles(config: try read(configPath), credentials: try read(credentialsPath),
                                 configPath: configPath, credentialsPath: credentialsPath)
    }

    static func expand(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    static func read(_ path: String) throws -> SharedConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return SharedConfigFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSError.config("cannot read \(path)")
        }
        return SharedConfigFile(text: String(decoding: data, as: UTF8.self))
    }

    /// Whether either file defines the profile.
    public func hasProfile(_ name: String) -> Bool {
        config.configProfile(name) != nil || credentials.credentialsProfile(name) != nil
    }

    /// A setting of the profile in the config file.
    public func configValue(_ key: String, profile: String) -> String? {
        config.configProfile(profile)?.values[key]
    }
}
