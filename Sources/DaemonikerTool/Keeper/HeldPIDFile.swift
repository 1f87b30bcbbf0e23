import Daemoniker
import DaemonikerPlatform
import Synchronization

/// The pid file as the keeper holds it across upgrades. Until the first upgrade it is the file
/// the library locked when it daemonized the keeper. An upgrade switches it atomically: a new
/// file beside it (`PIDFILE.next`), locked by the keeper before the new generation starts with
/// its descriptor inherited, gets the new pid and is renamed over the pid file once that
/// generation is ready. A reader opening the path finds either the old file (old pid, still
/// locked) or the new one (new pid, locked): never a missing, empty or half-written file, and
/// the path never names an unlocked file. The keeper then removes the file itself when it ends
/// (the library removes only the file it locked).
final class HeldPIDFile: Sendable {
    /// The keeper's own file after an upgrade: its descriptor and identity.
    private let own = Mutex<(descriptor: Int32, identity: FileInfo)?>(nil)

    /// The descriptor the program's generations inherit, holding the pid file locked and open.
    func descriptor(of daemon: Daemon<Stateless>) -> Int32? {
        own.withLock { $0?.descriptor } ?? daemon.pidFileDescriptor
    }

    /// Rewrites the pid file to name `pid` (a run of `run --respawn`, the keeper between two).
    func name(_ pid: Int32, daemon: Daemon<Stateless>) throws(DaemonikerError) {
        guard let current = own.withLock({ $0 }), let path = daemon.pidFile else {
            try daemon.namePIDFile(pid)
            return
        }
        try PIDFileLock.rewrite(current.descriptor, pid: pid, path: path)
    }

    /// The new pid file for the next generation (``PIDFileSuccessor/prepare(pidFile:current:)``):
    /// nil when the daemon has no pid file, or when the pid file belongs to another user than
    /// the keeper's (made by root before the switch to `--user`); the pid file is then rewritten
    /// in place (``name(_:daemon:)``).
    func prepareSuccessor(daemon: Daemon<Stateless>) throws(SystemError) -> PIDFileSuccessor? {
        guard let pidFile = daemon.pidFile, let fd = descriptor(of: daemon) else { return nil }
        return try PIDFileSuccessor.prepare(pidFile: pidFile, current: fd)
    }

    /// Writes `pid` into `successor` and renames it over the pid file: from now on the path names
    /// it, and it is the file the keeper holds, writes and removes at the end.
    func promote(_ successor: PIDFileSuccessor, pid: Int32, daemon: Daemon<Stateless>) throws(SystemError) {
        try successor.promote(pid: pid)
        // The descriptor generations inherit keeps its number (the library's, from the first
        // upgrade on), so the keeper holds as many descriptors as before: the new file is put
        // onto it, which lets go of the old file in the same step. (The library closes that
        // number at the end, and removes the pid file only while it names the file it locked.)
        let number = own.withLock { $0?.descriptor } ?? daemon.pidFileDescriptor
        var descriptor = successor.descriptor
        if let number, (try? Platform.duplicate(successor.descriptor, onto: number)) != nil {
            Platform.close(successor.descriptor)
            descriptor = number
        }
        own.withLock { $0 = (descriptor, successor.identity) }
    }

    /// Removes the pid file when it is the keeper's own (after an upgrade) and still at its path.
    func removeOwn(daemon: Daemon<Stateless>) {
        guard let current = own.withLock({ $0 }), let pidFile = daemon.pidFile,
            let now = try? Platform.info(ofPath: pidFile), now.isSameFile(as: current.identity)
        else { return }
        try? Platform.unlink(pidFile)
    }
}
