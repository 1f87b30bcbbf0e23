/// `NAME=VALUE`, a variable for the program's environment (`--env`).
struct EnvironmentAssignment: OptionValue, Equatable {
    /// The whole assignment, as given.
    let text: String

    init(parsing text: String, option: String) throws(ToolError) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw .usage("\(option) '\(text)' is not NAME=VALUE")
        }
        self.text = text
    }

    /// The variable's name.
    var name: String { String(text.prefix { $0 != "=" }) }

    /// Its value.
    var value: String { String(text.dropFirst(name.count + 1)) }
}
