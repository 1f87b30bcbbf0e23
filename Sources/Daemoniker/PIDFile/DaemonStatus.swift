/// What a pid file says about its daemon, judged by its lock, never by its mere existence.
public enum DaemonStatus: Sendable, Equatable {
    /// A process holds the lock; the file names it.
    case running(pid: Int32)
    /// A process holds the lock but has not written its pid yet (it is starting).
    case starting
    /// The file exists but nobody holds its lock: the daemon died without removing it.
    /// The pid is the one the file still names, if it names one.
    case stale(pid: Int32?)
    /// There is no pid file.
    case stopped
}
