import AWSCore
import CogshLua
import Dispatch
import LuaHost

#if canImport(Glibc)
import Glibc
#endif

/// Asks for the code of a profile's MFA device (`mfa_serial`) on the controlling
/// terminal, as the AWS CLI does: the prompt and the answer go through /dev/tty, not
/// stdin and stdout (which may be a CSV file and a pipe), and the code is not echoed.
/// With no terminal (cron, CI) there is nobody to ask, and the profile fails with a
/// CredentialsError naming it.
enum TerminalMFAPrompt {
    static let ask: MFACodeProvider = { profile, serial in
        // The read blocks: on a Dispatch thread, never on the event loop or the Swift pool.
        let answer: Result<String?, AWSError> = await withCheckedContinuation { done in
            DispatchQueue.global().async {
                done.resume(returning: readCode(prompt: "MFA code for \(serial) (profile \(profile)): "))
            }
        }
        return try answer.get()
    }

    static func readCode(prompt: String) -> Result<String?, AWSError> {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return .success(nil) }
        defer { close(fd) }
        guard isatty(fd) != 0 else { return .success(nil) }

        var saved = termios()
        let canHide = tcgetattr(fd, &saved) == 0
        if canHide {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ICANON)
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if canHide { _ = tcsetattr(fd, TCSANOW, &saved) }
            write(fd, "\n")
        }
        write(fd, prompt)

        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            // Poll, so that Ctrl-C (SIGINT, which the run's handler turns into a stop
            // request) or --timeout ends the question instead of waiting for a line.
            if LuaStopReason.current != nil {
                return .failure(AWSError.credentials("the MFA code was not entered (interrupted)"))
            }
            var fds = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 100)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 { return .success(nil) }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { return .success(line.isEmpty ? nil : String(decoding: line, as: UTF8.self)) }
            for b in buffer[..<n] {
                if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { return .success(String(decoding: line, as: UTF8.self)) }
                line.append(b)
            }
        }
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(fd, &bytes, bytes.count)
    }
}

extension RuntimeSettings {
    /// These settings with the terminal prompt for MFA codes, unless one is set already.
    func askingForMFACodesOnTheTerminal() -> RuntimeSettings {
        var settings = self
        if settings.aws.askForMFACode == nil { settings.aws.askForMFACode = TerminalMFAPrompt.ask }
        return settings
    }
}
