/// Checks shared by the subcommands that take only options.
enum Arguments {
    /// Refuses positional arguments and a command: usage error.
    static func noPositional(_ parsed: ParsedArguments, subcommand: String) throws(ToolError) {
        if let extra = parsed.positional.first ?? parsed.command.first {
            throw .usage("unexpected argument '\(extra)' for \(subcommand)", of: subcommand)
        }
    }
}
