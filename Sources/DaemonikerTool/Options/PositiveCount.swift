/// A whole number above zero (`--respawn-limit 5`).
struct PositiveCount: OptionValue, Equatable {
    /// The number.
    let value: Int

    /// `value`, which must be above zero.
    init(_ value: Int) {
        self.value = value
    }

    init(parsing text: String, option: String) throws(ToolError) {
        guard let value = Int(text), value > 0 else {
            throw .usage("\(option) '\(text)' is not a positive number")
        }
        self.value = value
    }
}
