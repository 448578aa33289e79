import AWSCore
import Foundation

/// `cogsh --emit-types DIR`: writes the lua-language-server definition files and says
/// how to point an editor at them.
public enum LuaTypesWriter {
    public static let files = ["cognito.lua", "cogsh.lua"]

    /// Writes the files into `directory` (made if missing) and returns the `.luarc.json`
    /// lines that use them.
    /// `cognito.lua` is generated from the service model; `cogsh.lua` is the registry's
    /// definitions of every module (the text help() reads too).
    public static func write(to directory: String, registry: LuaModuleRegistry = .standard) throws -> String {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in zip(files, [LuaTypesFromModel.render(), registry.definitions]) {
            try Data((text.hasSuffix("\n") ? text : text + "\n").utf8).write(to: url.appendingPathComponent(name), options: .atomic)
        }
        return try luarc(for: url.standardizedFileURL.path)
    }

    /// The `.luarc.json` that makes lua-language-server read the definitions.
    static func luarc(for path: String) throws -> String {
        let settings: JSONValue = .object(["runtime.version": .string("Lua 5.4"), "workspace.library": .array([.string(path)])])
        return String(decoding: try JSONCodec.encode(settings, pretty: true), as: UTF8.self)
    }
}
