// The state the helper's setup hands to its daemon. The tests build the same value to compare.

/// Nested values, to show the state survives more than a flat record.
public struct NestedState: Codable, Sendable, Equatable {
    /// Numbers, some large.
    public var numbers: [Int]
    /// A dictionary.
    public var table: [String: [String]]
    /// An optional.
    public var flag: Bool?
}

/// What `setup` returns.
public struct HelperState: Codable, Sendable, Equatable {
    /// Non-ASCII text.
    public var greeting: String
    /// Nested values.
    public var nested: NestedState
    /// Large text.
    public var blob: String

    /// A deterministic state with a `blobSize`-byte (UTF-8) text of mixed scripts.
    public static func make(blobSize: Int) -> HelperState {
        let unit = "ab€日🙂\n\"\\"  // 1+1+3+3+4+1+1+1 = 15 bytes
        var blob = String(repeating: unit, count: blobSize / 15)
        blob += String(repeating: "z", count: blobSize % 15)
        return HelperState(
            greeting: "grüße, 世界 — \"quoted\"",
            nested: NestedState(
                numbers: [1, -2, 3_000_000_000, Int.max], table: ["ключ": ["a b", ""], "e": []], flag: nil),
            blob: blob)
    }
}
