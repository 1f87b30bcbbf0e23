import Daemoniker
import DaemonikerPlatform

/// `reload`: sends `SIGHUP`; for a program started with `--ready notify`, waits until it says
/// `READY=1` again (its keeper counts them).
struct ReloadCommand: Subcommand {
    /// `--timeout SECONDS`.
    static let timeout = SharedOptions.timeout("how long to wait for READY=1 (default 30)")

    static let spec = CommandSpec(
        name: "reload",
        abstract: "send SIGHUP; with --ready notify, wait until the program is ready again",
        discussion: """
            Sends SIGHUP. For a program started with --ready notify, waits until it sends READY=1
            again (after RELOADING=1), up to --timeout. Otherwise returns once the signal is sent.
            A program that neither handles nor ignores SIGHUP would be killed by it: on Linux,
            where that can be read, reload then sends nothing and fails.
            """,
        options: [SharedOptions.requiredPIDFile, timeout.declaration],
        statuses: [
            StatusMeaning(.success, "sent (with --ready notify: reloaded)"),
            StatusMeaning(
                .failure,
                "it could not be sent, it would have killed the program (no SIGHUP handler), or the\nprogram ended during the reload"
            ),
            .badInputOrPIDFile, .notRunning, StatusMeaning(.timedOut, "no READY=1 within --timeout"),
        ])

    /// The pid file.
    let pidFile: String
    /// How long to wait for `READY=1`.
    let timeout: Seconds

    init(_ line: ParsedCommandLine) throws(ToolError) {
        pidFile = try line.required(SharedOptions.pidFile)
        timeout = try line.value(Self.timeout, default: Seconds(30))
    }

    func run() throws(ToolError) -> ExitStatus {
        let file = PIDFile(pidFile)
        let before = NotifyState.read(forPIDFile: Platform.absolutePath(pidFile))
        try HangupCheck.refuseIfFatal(file, pidFile: pidFile)
        do {
            try file.send(.hangup)
        } catch {
            throw ToolError(ExitStatus(error), error.message)
        }
        guard let before else {
            print("sent SIGHUP; not waiting for the reload: the program was not started with --ready notify")
            return .success
        }
        let deadline = Platform.monotonicMilliseconds() + timeout.milliseconds
        while Platform.monotonicMilliseconds() < deadline {
            guard let now = NotifyState.read(forPIDFile: Platform.absolutePath(pidFile)) else {
                throw ToolError(.failure, "the program of pid file \(pidFile) ended during the reload")
            }
            if now.readyCount > before.readyCount {
                print("reloaded\(now.status.isEmpty ? "" : ": \(now.status)")")
                return .success
            }
            Platform.sleep(milliseconds: 10)
        }
        throw ToolError(
            .timedOut,
            "sent SIGHUP, but the program did not send READY=1 within \(timeout.text) s; it may still be reloading (raise --timeout)"
        )
    }
}
