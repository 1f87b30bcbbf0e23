/// An option that takes a value of type `Value` (`--timeout 5`, `--timeout=5`), declared once and
/// read back typed from a ``ParsedCommandLine``.
struct Option<Value: OptionValue>: Sendable {
    /// What the parser and the help know of it.
    private(set) var declaration: OptionDeclaration

    /// `--name VALUENAME`, described by `help`; with `repeats`, every value given is kept.
    init(_ name: String, _ valueName: String, repeats: Bool = false, help: String) {
        declaration = OptionDeclaration(
            name: name, valueName: valueName, help: help, repeats: repeats, requirement: nil)
    }

    /// The same option, required by a subcommand that `reason` explains: "`--name NAME` is
    /// missing: generate names the service and its files".
    func required(_ reason: String) -> Option {
        var copy = self
        copy.declaration.requirement = reason
        return copy
    }

    /// The option as written on the command line: `--timeout`.
    var flag: String { declaration.flag }
}

/// An option that takes no value (`--json`).
struct Flag: Sendable {
    /// What the parser and the help know of it.
    let declaration: OptionDeclaration

    /// `--name`, described by `help`.
    init(_ name: String, help: String) {
        declaration = OptionDeclaration(
            name: name, valueName: nil, help: help, repeats: false, requirement: nil)
    }
}
