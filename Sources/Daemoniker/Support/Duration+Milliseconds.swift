extension Duration {
    /// Whole milliseconds, clamped (about 35,000 years), so `.seconds(.max)` cannot trap.
    var clampedMilliseconds: Int64 {
        let parts = components
        let ceiling: Int64 = 1 << 50
        guard parts.seconds < ceiling / 1000 else { return ceiling }
        return max(-ceiling, parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000)
    }
}
