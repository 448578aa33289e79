import AWSCore
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// The `template` module: `render`, `escape`, `builtin`, `write`. The Lua half
/// (template.lua) is the template language; this half hands it the templates built
/// into cogsh and writes pages as private files.
enum TemplateModule {
    static let module: LuaModule = LuaModule(name: "template", definitions: .builtin("template.d.lua")) { context in
        context.state.stack.pushFunctionTable([
            ("builtin", builtin),
            ("write", write),
            ("error", TaskModule.makeError),
        ])
        BuiltinLua.run("template.lua", in: context.state, arguments: 1)
        context.state.publishModule("template")
    }

    /// builtin(name) → the text of a template built into cogsh, or nil. Only templates:
    /// cogsh's own Lua files are not pages.
    static func builtin(_ s: LuaStack) throws -> Int32 {
        guard let name = s.string(at: 1), !name.hasSuffix(".lua"), let text = BuiltinLua.text(name) else {
            s.pushNil()
            return 1
        }
        s.pushString(text)
        return 1
    }

    /// write(path, text) → path: the text in a file created mode 0600 whatever the umask
    /// (a report names users), written beside it and renamed over it when whole, so a
    /// reader never sees half a page and an existing file keeps no wider mode.
    static func write(_ s: LuaStack) throws -> Int32 {
        guard let path = s.string(at: 1), let bytes = s.bytes(at: 2) else {
            throw CogshError.validation("template.write expects a path and the text to write (two strings)", field: "path")
        }
        try PrivateFile.replace(path, with: bytes)
        s.pushString(path)
        return 1
    }
}

/// A file only its owner can read, replaced whole.
enum PrivateFile {
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".tmp-\(getpid())"
        func failure(_ what: String) -> LuaErrorMessage {
            LuaErrorMessage("template.write: cannot \(what) \(path): \(String(cString: strerror(errno)))")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw failure("create") }
        var ok = fchmod(fd, 0o600) == 0   // open's mode is cut by the umask; this is not
        var offset = 0
        while ok, offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { ok = false } else { offset += n }
        }
        let saved = errno
        close(fd)
        guard ok else {
            unlink(temporary)
            errno = saved
            throw failure("write")
        }
        guard rename(temporary, path) == 0 else {
            let renameErrno = errno
            unlink(temporary)
            errno = renameErrno
            throw failure("replace")
        }
    }
}
