// Summaries of measured durations (median and 99th percentile) and the number formatting the
// report uses. No Foundation: fixed-point formatting is done by hand.
#if !os(Windows)
    /// The median and 99th percentile of a set of durations in nanoseconds.
    struct Summary {
        /// How many samples.
        let count: Int
        /// The median (the mean of the two middle samples for an even count), in nanoseconds.
        let median: Double
        /// The 99th percentile by nearest rank (the sample at rank ⌈0.99·n⌉), in nanoseconds. With
        /// fewer than 100 samples that is the largest.
        let p99: Double

        /// Nil for no samples.
        init?(_ samples: [Int64]) {
            guard !samples.isEmpty else { return nil }
            let sorted = samples.sorted()
            count = sorted.count
            let middle = sorted.count / 2
            median =
                sorted.count % 2 == 1
                ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
            let rank = (sorted.count * 99 + 99) / 100  // ⌈0.99·n⌉ in integers
            p99 = Double(sorted[max(1, rank) - 1])
        }
    }

    /// `value` with `digits` digits after the point.
    func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        var text = "\(value < 0 && scaled != 0 ? "-" : "")\(whole)"
        if digits > 0 {
            let fraction = String(scaled % Int64(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// Nanoseconds as milliseconds with three decimals ("0.031 ms").
    func milliseconds(_ nanoseconds: Double) -> String {
        "\(fixed(nanoseconds / 1_000_000, 3)) ms"
    }

    /// A ratio as "1.23x".
    func ratio(_ value: Double) -> String { "\(fixed(value, 2))x" }

    /// A count with thousands separators: 10000 as "10,000".
    func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return value < 0 ? "-" + text : text
    }
#endif
