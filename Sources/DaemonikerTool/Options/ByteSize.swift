/// A size in bytes, as `--log-max-size` takes it: a whole number above zero, optionally followed
/// by `K`, `M` or `G` (1024-based, either case; a trailing `B` or `iB` is allowed: `10MiB`).
struct ByteSize: OptionValue, Comparable, Hashable {
    /// The size.
    let bytes: Int64

    /// The largest size taken: 1 TiB (a log file past that is no longer rotated "by size").
    static let maximum: Int64 = 1 << 40

    /// `bytes` bytes.
    init(_ bytes: Int64) {
        self.bytes = bytes
    }

    init(parsing text: String, option: String) throws(ToolError) {
        let fix = "write a number of bytes above 0, or one with K, M or G (1024-based): 10M, 512K, 1G"
        var body = Substring(text)
        for suffix in ["iB", "ib", "B", "b"] where body.hasSuffix(suffix) && body.count > suffix.count {
            body = body.dropLast(suffix.count)
            break
        }
        var multiplier: Int64 = 1
        if let unit = body.last?.uppercased(), let power = ["K": 10, "M": 20, "G": 30][unit] {
            multiplier = 1 << power
            body = body.dropLast()
        }
        guard !body.isEmpty, body.allSatisfy(\.isASCII), let number = Int64(body) else {
            throw .usage("\(option) '\(text)' is not a size; \(fix)")
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard number > 0 else { throw .usage("\(option) '\(text)' is not above 0; \(fix)") }
        guard !overflow, product <= Self.maximum else {
            throw .usage("\(option) '\(text)' is more than 1 TiB; \(fix)")
        }
        bytes = product
    }

    /// As written back to a user: `10M` when it is a whole number of KiB, MiB or GiB, else the
    /// bytes (`1500`).
    var text: String {
        for (unit, power) in [("G", 30), ("M", 20), ("K", 10)] where bytes % (1 << power) == 0 {
            return "\(bytes >> power)\(unit)"
        }
        return "\(bytes)"
    }

    static func < (left: ByteSize, right: ByteSize) -> Bool { left.bytes < right.bytes }
}
