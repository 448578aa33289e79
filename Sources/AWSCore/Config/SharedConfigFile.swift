/// One parsed `~/.aws/config` or `~/.aws/credentials` file: sections of `key = value`,
/// with the indented sub-sections the config file uses (`cognito_identity_provider =`
/// followed by indented `endpoint_url = …`). Keys are lower-cased, as botocore does.
public struct SharedConfigFile: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public var values: [String: String] = [:]
        public var subsections: [String: [String: String]] = [:]
    }

    public var sections: [String: Section] = [:]

    public init() {}

    /// Lenient like botocore's reader: lines it cannot read are skipped, not fatal.
    public init(text: String) {
        var current: String?
        var openSubsection: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(rawLine)
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented, trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast()).trimmingSpaces
                current = name
                openSubsection = nil
                if sections[name] == nil { sections[name] = Section() }
                continue
            }
            guard let section = current, let eq = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = trimmed[..<eq].trimmingSpaces.lowercased()
            let value = trimmed[trimmed.index(after: eq)...].trimmingSpaces
            if indented, let sub = openSubsection {
                sections[section]?.subsections[sub, default: [:]][key] = value
            } else if value.isEmpty {
                // `key =` with nothing after it opens a sub-section for the indented lines below.
                openSubsection = key
                if sections[section]?.subsections[key] == nil { sections[section]?.subsections[key] = [:] }
            } else {
                openSubsection = nil
                sections[section]?.values[key] = value
            }
        }
    }

    /// A profile as the config file names it: `[profile name]`, or `[default]` for default.
    public func configProfile(_ name: String) -> Section? {
        if let s = sections["profile \(name)"] { return s }
        return name == "default" ? sections["default"] : nil
    }

    /// A profile as the credentials file names it: `[name]`.
    public func credentialsProfile(_ name: String) -> Section? {
        sections[name]
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
