import DaemonikerPlatform

/// Times as `status` shows them, computed by hand (no Foundation).
enum UTCTime {
    /// `2026-11-30T17:13:42Z` for `seconds` since 1970.
    static func text(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return
            "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    /// `2026-12-07T18:20:01.123Z` (RFC 3339, UTC, to the millisecond) for `milliseconds` since
    /// 1970: the keeper's log timestamps.
    static func text(milliseconds: Int64) -> String {
        let fraction = milliseconds >= 0 ? milliseconds % 1000 : (1000 + milliseconds % 1000) % 1000
        let seconds = (milliseconds - fraction) / 1000
        let digits = String(fraction)
        return text(seconds).dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// How long ago `seconds` since 1970 was: `3 s ago`, `2 h 5 min ago`.
    static func age(since seconds: Int64) -> String {
        let elapsed = max(0, now() - seconds)
        if elapsed < 60 { return "\(elapsed) s ago" }
        if elapsed < 3600 { return "\(elapsed / 60) min \(elapsed % 60) s ago" }
        if elapsed < 86400 { return "\(elapsed / 3600) h \(elapsed % 3600 / 60) min ago" }
        return "\(elapsed / 86400) d \(elapsed % 86400 / 3600) h ago"
    }

    /// Seconds since 1970 now.
    static func now() -> Int64 {
        Platform.wallClockSeconds()
    }

    private static func two(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
