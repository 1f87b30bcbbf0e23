import Daemoniker
import DaemonikerPlatform

/// How the tool ends: every status it can exit with, by name. Subcommands give some numbers more
/// than one meaning, as LSB's init-script conventions do (`status`: 1 is "dead, pid file left";
/// `start`: 3 is "already running"); each subcommand's `--help` lists the ones it uses.
struct ExitStatus: Equatable, Sendable, CustomStringConvertible {
    /// The number the process exits with.
    let code: Int32

    /// Done as asked (`status`: the program runs).
    static let success = ExitStatus(code: 0)
    /// It failed: the program could not be started, signalled or stopped; or it exited or was
    /// killed before it was ready; or the start was interrupted.
    static let failure = ExitStatus(code: 1)
    /// `status` (LSB): the program is dead, but its pid file is left behind.
    static let deadWithPIDFile = ExitStatus(code: 1)
    /// Bad input: an unknown option, a value that does not parse, a pid file that cannot be used,
    /// a readiness condition that already holds before the program starts.
    static let badInput = ExitStatus(code: 2)
    /// The program does not run (`status`, `signal`, `reload`).
    static let notRunning = ExitStatus(code: 3)
    /// `start`: it already runs (its pid file is locked).
    static let alreadyRunning = ExitStatus(code: 3)
    /// `install`: a service of that name is installed already (and `--force` was not given).
    static let alreadyInstalled = ExitStatus(code: 3)
    /// `uninstall`: no service of that name is installed.
    static let notInstalled = ExitStatus(code: 3)
    /// Not ready, or not ended, within `--timeout`: `start`, `run` and `reload` (not ready again
    /// in time), `wait` (still running).
    static let timedOut = ExitStatus(code: 4)
    /// `status` (LSB): the state cannot be told (the pid file cannot be read).
    static let unknown = ExitStatus(code: 4)
    /// `upgrade`: another upgrade of the same program is under way; nothing was changed.
    static let busy = ExitStatus(code: 5)

    /// The status with number `code` when the tool uses it (0 to 5); nil otherwise. For a
    /// status the keeper answers with over its control socket.
    static func known(_ code: Int32) -> ExitStatus? {
        (0...5).contains(code) ? ExitStatus(code: code) : nil
    }

    /// The status for a library error: bad input for a configuration or pid file it cannot use,
    /// 3 for "already running", "not running" and a stale pid file, 4 for a readiness timeout,
    /// else a failure; the same numbers a daemonizing launcher exits with.
    init(_ error: DaemonikerError) {
        code = error.launcherExitCode
    }

    /// The status that passes on how the program ended: its own exit status, or 128 + N after
    /// signal N (as a shell reports it; the keeper itself ends by signal N instead, except as
    /// PID 1).
    init(passingOn ending: ProcessEnding) {
        switch ending {
        case .exited(let status): code = status
        case .signaled(let signal): code = 128 + signal
        }
    }

    private init(code: Int32) {
        self.code = code
    }

    /// The number.
    var description: String { "\(code)" }
}

/// How a child process ended, as the platform layer reports it.
typealias ProcessEnding = DaemonikerPlatform.ExitStatus
