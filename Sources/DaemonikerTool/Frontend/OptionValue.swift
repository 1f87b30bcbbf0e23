/// A type an option's value is parsed into. Parsing checks the value: bad input throws a usage
/// error that names the option (`option`, as written: `--timeout`) and says what to write.
protocol OptionValue: Sendable {
    /// Parses `text`, given for `option`.
    init(parsing text: String, option: String) throws(ToolError)
}

extension String: OptionValue {
    /// Any text but the empty one.
    init(parsing text: String, option: String) throws(ToolError) {
        guard !text.isEmpty else { throw .usage("\(option) needs a value that is not empty") }
        self = text
    }
}
