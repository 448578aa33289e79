import Foundation

/// The signing time in the two forms SigV4 needs: `YYYYMMDDTHHMMSSZ` and `YYYYMMDD`.
/// Formatted by hand from epoch seconds: a DateFormatter costs more than the whole signature.
public struct SigV4Timestamp: Sendable, Equatable {
    /// `YYYYMMDDTHHMMSSZ`, the `X-Amz-Date` value.
    public let amzDate: String
    /// `YYYYMMDD`, the first element of the credential scope.
    public var dateStamp: Substring { amzDate.prefix(8) }

    public init(date: Date = Date()) {
        let secs = Int64(date.timeIntervalSince1970.rounded(.down))
        let (y, m, d) = CivilDate.fromDays(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let sod = ((secs % 86_400) + 86_400) % 86_400
        var out: [UInt8] = []
        out.reserveCapacity(16)
        func put(_ v: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(0x30 + UInt8((v / divisor) % 10))
                divisor /= 10
            }
        }
        put(y, 4); put(m, 2); put(d, 2)
        out.append(UInt8(ascii: "T"))
        put(sod / 3600, 2); put(sod / 60 % 60, 2); put(sod % 60, 2)
        out.append(UInt8(ascii: "Z"))
        amzDate = String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYYMMDDTHHMMSSZ` (as `aws.sign{time=}` takes it); nil when malformed.
    public init?(amzDate: String) {
        let b = Array(amzDate.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        for (i, c) in b.enumerated() where i != 8 && i != 15 {
            guard c >= 0x30 && c <= 0x39 else { return nil }
        }
        func num(_ r: Range<Int>) -> Int { b[r].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        guard (1...12).contains(num(4..<6)), (1...31).contains(num(6..<8)),
              num(9..<11) < 24, num(11..<13) < 60, num(13..<15) < 61 else { return nil }
        self.amzDate = amzDate
    }

    /// The instant this timestamp names (second precision).
    public var date: Date {
        let b = Array(amzDate.utf8)
        func num(_ r: Range<Int>) -> Int64 { b[r].reduce(0) { $0 * 10 + Int64($1 - 0x30) } }
        let days = CivilDate.toDays(num(0..<4), num(4..<6), num(6..<8))
        let secs = days * 86_400 + num(9..<11) * 3600 + num(11..<13) * 60 + num(13..<15)
        return Date(timeIntervalSince1970: TimeInterval(secs))
    }
}

/// Days since 1970-01-01 <-> proleptic Gregorian dates (Howard Hinnant's algorithms).
enum CivilDate {
    static func fromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func toDays(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
