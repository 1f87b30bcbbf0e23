/// What happens on a signal when no handler or ``SignalSequence`` is waiting for it. Set it with
/// ``Signals/setAction(_:for:)``; handlers and sequences take precedence while they exist, and the
/// action comes back when the last of them is gone.
///
/// Every action runs without a thread: ignoring and the OS default are the kernel's, and the
/// clean exit and the log reopening are async-signal-safe C run in the OS handler itself.
public enum SignalAction: Sendable, Hashable {
    /// The signal is ignored (`SIG_IGN`).
    case ignore
    /// The OS default (`SIG_DFL`): for most signals the process ends at once, with no clean-up.
    case systemDefault
    /// Runs the exit-time clean-up (a pid file locked through Daemoniker is removed, a daemon's
    /// sentinel record too, a service manager is told `STOPPING=1`), then ends the process by the
    /// signal itself, its default action restored (without a core dump), so that the parent sees
    /// it killed by that signal: a service manager counts a death by `SIGTERM` as a clean stop,
    /// where it would count exit status 143 as a failure. Only a process the signal cannot end
    /// exits with status 128 + the signal's number instead: PID 1 of a pid namespace (a
    /// container's first process), and on Windows, where no process dies by a signal. A daemon
    /// has this on terminate, interrupt and abort.
    case cleanExit
    /// Reopens each log file at its path onto the stream it feeds, so a log rotated by renaming
    /// continues in a new file: the daemon's `.file` streams, and any opened with
    /// ``Signals/openLog(_:onto:)``. A daemon has this on hangup.
    case reopenLogs
}
