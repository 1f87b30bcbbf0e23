import Daemoniker
import DaemonikerPlatform

/// `reload --pid-file PATH [--timeout SECONDS]`: sends `SIGHUP`; for a program started with
/// `--ready notify`, waits until it says `READY=1` again (its keeper counts them).
enum ReloadCommand {
    /// Reloads; 0 once sent (or reloaded, with notify), 4 when the reload did not finish in time.
    static func run(_ arguments: [String]) throws(ToolError) -> Int32 {
        let parsed = try ParsedArguments(
            arguments, subcommand: "reload", valued: ["--pid-file", "--timeout"], flags: [])
        try Arguments.noPositional(parsed, subcommand: "reload")
        let pidFile = try parsed.pidFile(for: "reload")
        let timeout =
            try parsed.value("--timeout").map { text throws(ToolError) in
                try Parsing.seconds(text, option: "--timeout", subcommand: "reload")
            } ?? 30
        let file = PIDFile(pidFile)
        let before = NotifyState.read(forPIDFile: Platform.absolutePath(pidFile))
        do {
            try file.send(.hangup)
        } catch {
            throw Failure.of(error)
        }
        guard let before else {
            print("sent SIGHUP; not waiting for the reload: the program was not started with --ready notify")
            return 0
        }
        let deadline = Platform.monotonicMilliseconds() + Parsing.milliseconds(timeout)
        while Platform.monotonicMilliseconds() < deadline {
            guard let now = NotifyState.read(forPIDFile: Platform.absolutePath(pidFile)) else {
                throw ToolError(1, "the program of pid file \(pidFile) ended during the reload")
            }
            if now.readyCount > before.readyCount {
                print("reloaded\(now.status.isEmpty ? "" : ": \(now.status)")")
                return 0
            }
            Platform.sleep(milliseconds: 10)
        }
        throw ToolError(
            4,
            "sent SIGHUP, but the program did not send READY=1 within \(Parsing.text(timeout)) s; it may still be reloading (raise --timeout)"
        )
    }
}
