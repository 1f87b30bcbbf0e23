/// A whole number from zero up (`--lines 0`: no earlier lines, only what follows).
struct Count: OptionValue, Equatable {
    /// The number.
    let value: Int

    /// `value`, which must not be negative.
    init(_ value: Int) {
        self.value = value
    }

    init(parsing text: String, option: String) throws(ToolError) {
        guard let value = Int(text), value >= 0 else {
            throw .usage("\(option) '\(text)' is not a whole number from 0 up (write 10)")
        }
        self.value = value
    }
}
