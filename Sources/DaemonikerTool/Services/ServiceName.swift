/// A service's name: letters, digits, `.`, `_` and `-`, not starting with `-` or `.`; it names
/// the service and its files.
struct ServiceName: OptionValue, Equatable {
    /// The name.
    let text: String

    init(parsing text: String, option: String) throws(ToolError) {
        let valid =
            !text.isEmpty && !text.hasPrefix("-") && !text.hasPrefix(".")
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_" || scalar == "-"
            }
        guard valid else {
            throw .usage(
                "\(option) '\(text)' is not made of letters, digits, '.', '_' and '-' (it names the service and its files)"
            )
        }
        self.text = text
    }
}
