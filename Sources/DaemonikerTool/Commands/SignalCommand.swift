import Daemoniker

/// `signal`: sends a signal to the program (through the relay where the program has one).
struct SignalCommand: Subcommand {
    static let spec = CommandSpec(
        name: "signal",
        abstract: "send a signal to the program",
        discussion: """
            Sends SIG to the program the pid file names, only if that process holds the pid file
            open. HUP is not sent to a program it would kill (one with no SIGHUP handler that does
            not ignore it), where the OS lets that be seen (Linux).
            """,
        operands: [
            Operand(
                name: "SIG", help: "a name such as HUP or SIGUSR1, or a number",
                missing: "signal takes one signal, such as HUP or 10")
        ],
        options: [SharedOptions.requiredPIDFile],
        statuses: [
            StatusMeaning(.success, "sent"),
            StatusMeaning(.failure, "it could not be sent (or HUP would have killed the program)"),
            .badInputOrPIDFile,
            .notRunning,
        ])

    /// The pid file.
    let pidFile: String
    /// The signal to send.
    let signal: Signal

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        signal = try Signal(parsing: line.operands[0], option: "SIG")
    }

    func run() throws(ToolError) -> ExitStatus {
        let file = PIDFile(pidFile)
        if signal == .hangup { try HangupCheck.refuseIfFatal(file, pidFile: pidFile) }
        do {
            try file.send(signal)
        } catch {
            throw ToolError(ExitStatus(error), error.message)
        }
        if case .running(let pid) = file.status() {
            print("sent \(signal.name) to pid \(pid)")
        } else {
            print("sent \(signal.name)")
        }
        return .success
    }
}
