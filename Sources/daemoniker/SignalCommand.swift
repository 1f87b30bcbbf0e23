import Daemoniker

/// `signal --pid-file PATH SIG`: sends a signal to the program (through the relay where the
/// program has one).
enum SignalCommand {
    /// Sends it; 0 once sent, 3 when nothing runs.
    static func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        let parsed = try ParsedArguments(arguments, subcommand: "signal", valued: ["--pid-file"], flags: [])
        let pidFile = try parsed.pidFile(for: "signal")
        guard parsed.positional.count == 1, parsed.command.isEmpty else {
            throw .usage("signal takes one signal, such as HUP or 10", of: "signal")
        }
        let signal = try Parsing.signal(parsed.positional[0], subcommand: "signal")
        let file = PIDFile(pidFile)
        do {
            try file.send(signal)
        } catch {
            throw Failure.of(error)
        }
        if case .running(let pid) = file.status() {
            print("sent \(signal.name) to pid \(pid)")
        } else {
            print("sent \(signal.name)")
        }
        return 0
    }
}
