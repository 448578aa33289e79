@testable import AWSCore
import Foundation
import TestSupport
import XCTest

/// The sample profiles in README.md and docs/LUA_API.md are real configurations: read
/// together as one ~/.aws, each profile builds the kind of source the docs say.
final class DocProfileSamplesTests: XCTestCase {
    /// The ```ini fences of a document: (is it ~/.aws/credentials, its text).
    func samples(_ path: String) throws -> [(Bool, String)] {
        let text = try String(contentsOfFile: RepoPaths.root + "/" + path, encoding: .utf8)
        var out: [(Bool, String)] = []
        var current: String?
        for line in text.components(separatedBy: "\n") {
            if current == nil {
                if line == "```ini" { current = "" }
            } else if line == "```" {
                out.append((current!.hasPrefix("# ~/.aws/credentials"), current!))
                current = nil
            } else {
                current! += line + "\n"
            }
        }
        return out
    }

    func sourceName(_ s: any CredentialSource) -> String {
        switch s {
        case let w as WebIdentityCredentialSource: return w.sourceName
        default: return s.name
        }
    }

    func check(_ path: String, expected: [String: String], file: StaticString = #filePath, line: UInt = #line) throws {
        let blocks = try samples(path)
        XCTAssertFalse(blocks.isEmpty, path, file: file, line: line)
        var credentials = blocks.filter { $0.0 }.map(\.1).joined(separator: "\n")
        if !credentials.contains("[default]") {
            credentials += "\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
        }
        let config = SharedConfigFile(text: blocks.filter { !$0.0 }.map(\.1).joined(separator: "\n"))
        let files = SharedConfigFiles(config: config, credentials: SharedConfigFile(text: credentials),
                                      configPath: "~/.aws/config", credentialsPath: "~/.aws/credentials")
        let context = CredentialChainContext(environment: [:], files: files, profile: "default", homeDirectory: "/nonexistent", region: "us-east-1")
        for (profile, kind) in expected {
            do {
                let source = try ProfileCredentialChain(context: context).source(for: profile, environmentWebIdentity: false)
                XCTAssertEqual(sourceName(source), kind, "\(path): profile \(profile)", file: file, line: line)
            } catch {
                XCTFail("\(path): profile \(profile): \(error)", file: file, line: line)
            }
        }
    }

    func testTheReadmeSamples() throws {
        try check("README.md", expected: [
            "admin": "assume-role (profile admin)", "prod-admin": "assume-role (profile prod-admin)",
            "ec2-admin": "assume-role (profile ec2-admin)", "ci": "web-identity (profile ci)", "dev": "sso (profile dev)",
            "vault": "credential_process (profile vault)",
        ])
    }

    func testTheLuaAPISamples() throws {
        try check("docs/LUA_API.md", expected: [
            "default": "shared-credentials-file profile default",
            "admin": "assume-role (profile admin)", "prod-admin": "assume-role (profile prod-admin)",
            "ec2-admin": "assume-role (profile ec2-admin)", "ci": "web-identity (profile ci)", "dev": "sso (profile dev)",
            "legacy-sso": "sso (profile legacy-sso)", "vault": "credential_process (profile vault)",
        ])
    }
}
