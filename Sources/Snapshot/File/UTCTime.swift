#if canImport(Glibc)
import Glibc
#endif

/// ISO 8601 UTC times for `meta.started_at` and `finished_at`: 2026-12-06T04:00:00Z.
enum UTCTime {
    static func now() -> String { format(time(nil)) }

    static func format(_ seconds: time_t) -> String {
        var t = seconds
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))T\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))Z"
    }
}
