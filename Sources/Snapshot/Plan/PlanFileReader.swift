import AWSCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a plan file whole and checks it line by line: the header, every call line (a
/// known operation on the header's pool, numbers increasing), and the end line, which
/// must be there and count the calls. Any fault is a ConfigError naming the file and
/// the line, so an edited or truncated plan is refused before anything is sent.
public enum PlanFileReader {
    public static func read(_ path: String) throws(AWSError) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) == 0 ? "it is not a readable file" : String(cString: strerror(errno))
            throw AWSError.config("cannot read the plan \(path): \(reason)")
        }
        let bytes = Array(data)
        return try parse(bytes, path: path)
    }

    /// The header of the plan at `path` (its first line), for a file that may be
    /// another plan's.
    public static func readHeader(_ path: String) throws(AWSError) -> PlanHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw AWSError.config("cannot read the plan \(path)") }
        defer { try? handle.close() }
        let start = Array((try? handle.read(upToCount: 1 << 16)) ?? Data())
        let first = start.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false).first.map(Array.init) ?? []
        do {
            return try PlanHeader(json: try JSONCodec.decode(first))
        } catch let e as PlanFormatError {
            throw fail(path, 1, e.message)
        } catch {
            throw fail(path, 1, "is not JSON")
        }
    }

    static func fail(_ path: String, _ line: Int, _ message: String) -> AWSError {
        AWSError.config("plan \(path): line \(line) \(message)")
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(AWSError) -> Plan {
        if bytes.isEmpty { throw AWSError.config("plan \(path) is empty: not a cogsh plan (its first line is a header {\"cogsh_plan\": 1, ...})") }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if bytes.last == 0x0A {
            lines.removeLast()
        } else {
            throw fail(path, lines.count, "is cut short (the file does not end with a newline): the plan was truncated; make it again")
        }
        var header: PlanHeader?
        var calls: [PlanCall] = []
        var end: PlanEnd?
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let json: JSONValue
            do {
                json = try JSONCodec.decode(raw)
            } catch let e as JSONCodec.DecodeError {
                throw fail(path, number, "is not JSON: \(e.message) at column \(e.offset + 1)")
            } catch {
                throw fail(path, number, "is not JSON: \(error)")
            }
            do throws(PlanFormatError) {
                guard let h = header else {
                    header = try PlanHeader(json: json)
                    continue
                }
                if end != nil { throw PlanFormatError("follows the plan's end line") }
                if PlanEnd.isEnd(json) {
                    let e = try PlanEnd(json: json)
                    if e.calls != calls.count {
                        throw PlanFormatError("says the plan holds \(e.calls) calls, but the file holds \(calls.count): a call line was added or removed")
                    }
                    end = e
                    continue
                }
                let call = try PlanCall(json: json, lineNumber: number)
                try check(call, after: calls.last, header: h)
                calls.append(call)
            } catch {
                throw fail(path, number, error.message)
            }
        }
        guard let header else { throw AWSError.config("plan \(path) has no header line") }
        guard end != nil else {
            throw fail(path, lines.count + 1, "is missing: a plan ends with {\"cogsh_plan_end\": true, \"calls\": N}; this one was cut short, or the run that made it failed — make it again")
        }
        return Plan(path: path, header: header, calls: calls)
    }

    static func check(_ call: PlanCall, after previous: PlanCall?, header: PlanHeader) throws(PlanFormatError) {
        if let previous, call.n <= previous.n {
            throw PlanFormatError("has call number \(call.n) after \(previous.n): numbers must increase")
        }
        guard let op = CognitoServiceNames.canonical(call.op) else {
            throw PlanFormatError("names no Cognito operation: \"\(call.op)\"")
        }
        guard op == call.op else { throw PlanFormatError("names the operation \"\(call.op)\"; plans use API names (\(op))") }
        if CognitoServiceNames.isReadOnly(op) { throw PlanFormatError("is a read (\(op)): a plan holds only calls that change something") }
        guard let pool = call.pool else { throw PlanFormatError("has no UserPoolId: every call of a plan is on its pool") }
        guard pool == header.pool else {
            throw PlanFormatError("is a call on the pool \(pool), but the plan is for \(header.pool ?? "no pool") (its header)")
        }
        if let secret = PlanSecrets.credentialMember(in: call.input) {
            throw PlanFormatError("holds a credential (\(secret)): a plan never does")
        }
    }
}
