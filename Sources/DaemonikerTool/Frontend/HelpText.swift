/// The `--help` texts, written from the specs: nothing here names a subcommand or an option.
enum HelpText {
    /// The width of the column that holds option and operand names.
    private static let nameColumn = 25

    /// The tool's help: what it does and its subcommands' one-line abstracts.
    static func tool(_ subcommands: [CommandSpec]) -> String {
        let width = (subcommands.map(\.name.count).max() ?? 0) + 2
        var lines = [
            "usage: daemoniker SUBCOMMAND [OPTIONS] [-- COMMAND [ARG...]]",
            "",
            "Starts any program as a daemon, returns once it is ready, and stops, signals and",
            "watches it through its pid file.",
            "",
            "Subcommands:",
        ]
        for spec in subcommands {
            lines.append("  " + padded(spec.name, to: width) + spec.abstract)
        }
        lines += ["", "daemoniker SUBCOMMAND --help describes each.", ""]
        return lines.joined(separator: "\n")
    }

    /// A subcommand's help: usage, what it does, its operands, options and exit statuses.
    static func subcommand(_ spec: CommandSpec) -> String {
        var lines = [usage(spec), "", spec.discussion]
        if !spec.operands.isEmpty {
            lines += ["", "Arguments:"]
            for operand in spec.operands { lines += entry(operand.name, operand.help) }
        }
        lines += ["", "Options:"]
        for option in spec.options { lines += entry(option.synopsis, option.help) }
        lines += entry("-h, --help", "show this help")
        lines += ["", "Exit status:"]
        for entry in spec.statuses {
            let indent = String(repeating: " ", count: 5)
            let body = entry.meaning.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("  \(entry.status)  \(body.first ?? "")")
            lines += body.dropFirst().map { indent + $0 }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The usage line: operands, required options spelled out, optional ones too when there are
    /// at most three (`[--timeout SECONDS]`), else `[OPTIONS]`; then the command, if any.
    static func usage(_ spec: CommandSpec) -> String {
        var words = ["usage: daemoniker", spec.name] + spec.operands.map(\.name)
        let required = spec.options.filter { $0.requirement != nil }
        let optional = spec.options.filter { $0.requirement == nil }
        words += required.map(\.synopsis)
        if optional.count <= 3 {
            words += optional.map { "[\($0.synopsis)]" + ($0.repeats ? "..." : "") }
        } else {
            words.append("[OPTIONS]")
        }
        if spec.takesCommand { words.append("-- COMMAND [ARG...]") }
        return words.joined(separator: " ")
    }

    /// `name` and its help in two columns; the help on the next lines when the name is wide.
    private static func entry(_ name: String, _ help: String) -> [String] {
        let indent = String(repeating: " ", count: nameColumn + 2)
        let body = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard name.count < nameColumn - 1 else {
            return ["  " + name] + body.map { indent + $0 }
        }
        return ["  " + padded(name, to: nameColumn) + (body.first ?? "")]
            + body.dropFirst().map { indent + $0 }
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
