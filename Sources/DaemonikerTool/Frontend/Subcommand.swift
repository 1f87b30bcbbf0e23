/// A subcommand of the tool: a declared ``CommandSpec`` and a typed value made from a command
/// line that the spec accepted, which then runs.
protocol Subcommand {
    /// What it takes, for the parser and the help.
    static var spec: CommandSpec { get }

    /// Reads and checks the typed options from `line`; bad input throws a usage error.
    init(_ line: ParsedCommandLine) throws(ToolError)

    /// Does the work; the status to exit with.
    func run() throws(ToolError) -> ExitStatus
}
