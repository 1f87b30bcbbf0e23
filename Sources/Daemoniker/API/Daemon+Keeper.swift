/// What the `daemoniker` tool's keeper needs from its daemon: the keeper runs another program
/// as its child and hands it the pid file, so that the file names that program.
extension Daemon {
    /// The descriptor through which this daemon holds its pid file open and locked, if it has a
    /// pid file. A child that inherits it holds the lock too, and holds the file open, which is
    /// what ``PIDFile/send(_:timeout:)`` checks before it signals the pid the file names.
    package var pidFileDescriptor: Int32? { session.lock?.descriptor }

    /// Rewrites the pid file to name `pid` (`"PID\n"`): the program the keeper started with the
    /// pid file's descriptor inherited. The file stays this daemon's: it is still removed when
    /// this process ends.
    package func namePIDFile(_ pid: Int32) throws(DaemonikerError) {
        try session.lock?.write(pid: pid)
    }
}

extension Daemoniker {
    /// Whether this process is a daemon that a relaunch started: it runs `main` again from the
    /// top, and code before `daemonize` must not redo what the launcher already did (the
    /// `daemoniker` tool's `restart` must not stop anything a second time).
    package static var isRelaunchedDaemon: Bool { RelaunchSwitch.isPresent }
}
