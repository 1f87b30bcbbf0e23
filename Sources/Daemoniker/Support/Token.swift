import DaemonikerPlatform

/// Unguessable values from the OS's random source, made one way for every use.
enum Token {
    /// `bytes` random bytes as lowercase hex (two digits each).
    static func hex(bytes: Int) -> String {
        Platform.randomBytes(bytes).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// A name beside `path` nobody can guess (`<path>.<16 hex digits>.new`), where a file is made
    /// before it is renamed or exchanged into `path`.
    static func asidePath(for path: String) -> String {
        "\(path).\(hex(bytes: 8)).new"
    }

    /// A random positive `Int32` (never 0).
    static func positive32() -> Int32 {
        while true {
            let value =
                Int32(bitPattern: Platform.randomBytes(4).reduce(0) { $0 << 8 | UInt32($1) }) & 0x7fff_ffff
            if value != 0 { return value }
        }
    }
}
