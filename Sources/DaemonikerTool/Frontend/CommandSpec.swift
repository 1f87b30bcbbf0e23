/// What a subcommand declares about itself: its name, what it does, what it takes and how it
/// exits. The parser checks a command line against it and the help is written from it.
struct CommandSpec: Sendable {
    /// The subcommand's name: `stop`.
    let name: String
    /// One line for the tool's list of subcommands.
    let abstract: String
    /// The help's paragraphs, wrapped at 100 columns.
    let discussion: String
    /// Its positional arguments, in order.
    var operands: [Operand] = []
    /// Whether it runs a program given after `--` (`-- COMMAND [ARG...]`).
    var takesCommand = false
    /// Its options, in the order the help lists them.
    var options: [OptionDeclaration]
    /// Every status it exits with, and what each means for it.
    var statuses: [StatusMeaning]

    /// The declaration of the option called `--name`, if the subcommand takes it.
    func option(named name: String) -> OptionDeclaration? {
        options.first { $0.name == name }
    }
}
