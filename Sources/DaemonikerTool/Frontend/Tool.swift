import DaemonikerPlatform

/// The `daemoniker` command-line tool: picks the subcommand, parses its command line against its
/// spec, runs it, and turns its error into a message and an exit status.
public enum Tool {
    /// The subcommands, in the order the tool's help lists them.
    static var subcommands: [any Subcommand.Type] {
        [
            StartCommand.self, StopCommand.self, RestartCommand.self, UpgradeCommand.self, ReloadCommand.self,
            SignalCommand.self,
            StatusCommand.self, WaitCommand.self, LogsCommand.self, RunCommand.self, GenerateCommand.self,
            InstallCommand.self, UninstallCommand.self,
        ]
    }

    /// Runs the tool with `arguments` (without the program's name) and exits.
    public static func main(_ arguments: [String]) -> Never {
        let outcome = run(arguments)
        Platform.flushStandardStreams()
        if !outcome.output.isEmpty { print(outcome.output, terminator: "") }
        if !outcome.error.isEmpty {
            Platform.flushStandardStreams()
            Platform.writeStandardError(outcome.error)
        }
        Platform.flushStandardStreams()
        Platform.exitProcess(outcome.status.code)
    }

    /// What a run prints and how it ends, for the help and for errors (a subcommand's own output
    /// is printed as it runs).
    struct Outcome {
        /// The status to exit with.
        var status: ExitStatus
        /// Text for standard output.
        var output = ""
        /// Text for standard error.
        var error = ""
    }

    /// Runs `arguments`: the help, or the subcommand they name.
    static func run(_ arguments: [String]) -> Outcome {
        let specs = subcommands.map { $0.spec }
        guard let first = arguments.first else {
            return failure(.usage("a subcommand is missing"), help: HelpText.tool(specs))
        }
        if first == "--help" || first == "-h" || first == "help" {
            let asked = arguments.dropFirst().first
            let named = asked.flatMap { name in subcommands.first { $0.spec.name == name } }
            if let asked, named == nil {
                let names = specs.map(\.name).joined(separator: ", ")
                return failure(
                    .usage("unknown subcommand '\(asked)'; use one of \(names)"), help: HelpText.tool(specs))
            }
            return Outcome(
                status: .success, output: named.map { HelpText.subcommand($0.spec) } ?? HelpText.tool(specs))
        }
        guard let subcommand = subcommands.first(where: { $0.spec.name == first }) else {
            let names = specs.map(\.name).joined(separator: ", ")
            return failure(
                .usage("unknown subcommand '\(first)'; use one of \(names)"), help: HelpText.tool(specs))
        }
        return run(subcommand, Array(arguments.dropFirst()))
    }

    private static func run(_ subcommand: any Subcommand.Type, _ arguments: [String]) -> Outcome {
        let help = HelpText.subcommand(subcommand.spec)
        do throws(ToolError) {
            let line = try ParsedCommandLine(arguments, spec: subcommand.spec)
            if line.wantsHelp { return Outcome(status: .success, output: help) }
            return Outcome(status: try subcommand.init(line).run())
        } catch {
            return failure(error, help: help)
        }
    }

    /// `daemoniker: MESSAGE` (and `help` after bad command-line input) for standard error.
    private static func failure(_ error: ToolError, help: String) -> Outcome {
        Outcome(
            status: error.status,
            error: "daemoniker: \(error.message)\n" + (error.showsUsage ? "\n" + help : ""))
    }

    /// Prints `line` on standard error, prefixed with `daemoniker: ` (in a keeper that writes
    /// the log files itself, through the one that holds standard error, between whole lines).
    static func note(_ line: String) {
        if KeeperLogs.note(line) { return }
        Platform.flushStandardStreams()
        Platform.writeStandardError("daemoniker: \(line)\n")
    }
}
