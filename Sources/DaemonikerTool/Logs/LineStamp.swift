/// The timestamp that begins each line with `--log-timestamps`: `2026-12-07T18:20:01.123Z `
/// (RFC 3339, UTC, to the millisecond, then a space). The date and time up to the second are
/// worked out once per second, not once per line.
struct LineStamp {
    private var second = Int64.min
    private var head: [UInt8] = []

    /// The stamp for `milliseconds` since 1970, as bytes.
    mutating func bytes(at milliseconds: Int64) -> [UInt8] {
        let fraction = (milliseconds % 1000 + 1000) % 1000
        let seconds = (milliseconds - fraction) / 1000
        if seconds != second {
            second = seconds
            // `2026-12-07T18:20:01Z` without its `Z`, then the decimal point.
            head = Array(UTCTime.text(seconds).utf8.dropLast()) + [UInt8(ascii: ".")]
        }
        let zero = UInt8(ascii: "0")
        return head + [
            zero + UInt8(fraction / 100), zero + UInt8(fraction / 10 % 10), zero + UInt8(fraction % 10),
            UInt8(ascii: "Z"), UInt8(ascii: " "),
        ]
    }
}
