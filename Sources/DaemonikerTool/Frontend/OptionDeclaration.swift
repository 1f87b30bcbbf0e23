/// An option as the parser and the help see it, whatever the type of its value.
struct OptionDeclaration: Sendable {
    /// The name without its dashes: `error-log`.
    let name: String
    /// What the help calls its value (`PATH`), or nil for a flag, which takes none.
    let valueName: String?
    /// One or more lines for the help.
    let help: String
    /// Whether it may be given more than once (each value is kept).
    let repeats: Bool
    /// Why the subcommand cannot do without it (`finds the program by its pid file`), or nil
    /// when it is optional.
    var requirement: String?

    /// The option as written on the command line: `--error-log`.
    var flag: String { "--\(name)" }

    /// The option with its value's name: `--error-log PATH`.
    var synopsis: String { valueName.map { "\(flag) \($0)" } ?? flag }
}
