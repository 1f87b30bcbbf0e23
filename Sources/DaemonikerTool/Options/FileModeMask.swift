/// A file mode creation mask in octal (`022`, `0o077`).
struct FileModeMask: OptionValue, Equatable {
    /// The mask's bits.
    let bits: UInt32

    init(parsing text: String, option: String) throws(ToolError) {
        var digits = Substring(text)
        if digits.hasPrefix("0o") { digits = digits.dropFirst(2) }
        guard let value = UInt32(digits, radix: 8), value <= 0o777 else {
            throw .usage("\(option) '\(text)' is not an octal mode from 000 to 777 (write 022)")
        }
        bits = value
    }

    /// In octal, as given back to the tool: `22`.
    var octal: String { String(bits, radix: 8) }
}
