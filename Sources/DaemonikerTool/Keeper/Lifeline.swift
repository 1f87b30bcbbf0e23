import Daemoniker
import DaemonikerPlatform

/// A pipe between a waiting `start` and its keeper: the launcher holds the write end, the
/// keeper watches the read end. Interrupt, terminate and hangup to the launcher while it waits
/// close the write end (the launcher then waits on, for the keeper's failure); the launcher's
/// death closes it too. Either way the keeper sees the end of the pipe, stops the program, and
/// fails the start, so that nothing is left.
enum Lifeline {
    /// The environment variable that carries the read end's number to a relaunched keeper.
    static let variable = "DAEMONIKER_LIFELINE_FD"

    /// In the launcher: creates the pipe, keeps the write end (close-on-exec; a forked daemon
    /// closes it with every other descriptor it does not keep) and has interrupt, terminate and
    /// hangup close it, except where they are ignored (a start in the background of a script).
    /// In a relaunched keeper: the inherited read end. The read end, for the daemon's preserved
    /// descriptors; nil when there is none.
    static func make() -> Int32? {
        let inherited = Platform.environmentValue(variable)
        Platform.removeEnvironmentValue(variable)
        if Daemoniker.isRelaunchedDaemon {
            return inherited.flatMap { Int32($0) }.flatMap { Platform.isOpen($0) ? $0 : nil }
        }
        guard let pipe = try? Platform.pipe() else { return nil }
        Platform.closeOnSignals(pipe.write, [Signal.interrupt, .terminate, .hangup].map(\.rawValue))
        Platform.setEnvironmentValue(variable, "\(pipe.read)")
        return pipe.read
    }

    /// In the keeper: whether the launcher has gone or was interrupted (the pipe has ended).
    static func isBroken(_ fd: Int32) -> Bool {
        (try? Platform.waitReadable(fd, milliseconds: 0)) == true
    }
}
