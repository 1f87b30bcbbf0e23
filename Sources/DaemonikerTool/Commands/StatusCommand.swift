/// `status`: whether the program runs, with LSB's exit statuses.
struct StatusCommand: Subcommand {
    /// `--json`.
    static let json = Flag(
        "json", help: "the same as a JSON object (pidFile, state, code, pid, since,\nsinceEpochSeconds)")

    static let spec = CommandSpec(
        name: "status",
        abstract: "is it running? (LSB codes: 0 running, 1 dead, 3 not running, 4 unknown)",
        discussion: "Says whether the program runs, its pid and since when.",
        options: [SharedOptions.requiredPIDFile, json.declaration],
        statuses: [
            StatusMeaning(.success, "running (or starting)"),
            StatusMeaning(.deadWithPIDFile, "dead, but the pid file exists"), .badInput, .notRunning,
            StatusMeaning(.unknown, "unknown: the pid file cannot be read"),
        ])

    /// The pid file.
    let pidFile: String
    /// Whether to print JSON.
    let asJSON: Bool

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        asJSON = line.isSet(Self.json)
    }

    func run() throws(ToolError) -> ExitStatus {
        let report = StatusReport(pidFile: pidFile)
        print(asJSON ? report.json : report.text)
        return report.status
    }
}
