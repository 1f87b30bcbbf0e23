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
    /// A new file for the next generation, locked, not yet named by the pid file's path.
    struct Successor {
        /// Its descriptor (close-on-exec; the new generation inherits it).
        let descriptor: Int32
        /// Which file it is.
        let identity: FileInfo
        /// Its path: `PIDFILE.next`.
        let path: String
    }

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

    /// Creates and locks `PIDFILE.next` (a stale one from a keeper that was killed is replaced);
    /// nil when the daemon has no pid file, or when the pid file belongs to another user than the
    /// keeper's (made by root before the switch to `--user`): a file the keeper made would belong
    /// to its user, which root's `stop` and `status` refuse to trust. The pid file is then
    /// rewritten in place (``name(_:daemon:)``).
    func prepareSuccessor(daemon: Daemon<Stateless>) throws(SystemError) -> Successor? {
        guard let pidFile = daemon.pidFile, let fd = descriptor(of: daemon),
            (try? Platform.info(ofDescriptor: fd))?.owner == Platform.effectiveUserID
        else { return nil }
        let path = pidFile + ".next"
        try? Platform.unlink(path)
        let next = try Platform.open(path, .exclusive, permissions: 0o644)
        do throws(SystemError) {
            try Platform.setPermissions(next, 0o644)
            guard try Platform.tryLockExclusive(next) else {
                throw SystemError("lock \(path), which another process locked as it was made")
            }
            return Successor(descriptor: next, identity: try Platform.info(ofDescriptor: next), path: path)
        } catch {
            Platform.close(next)
            try? Platform.unlink(path)
            throw error
        }
    }

    /// Removes a successor that is not taken (its generation failed).
    func discard(_ successor: Successor) {
        if let now = try? Platform.info(ofPath: successor.path), now.isSameFile(as: successor.identity) {
            try? Platform.unlink(successor.path)
        }
        Platform.close(successor.descriptor)
    }

    /// Writes `pid` into `successor` and renames it over the pid file: from now on the path names
    /// it, and it is the file the keeper holds, writes and removes at the end.
    func promote(_ successor: Successor, pid: Int32, daemon: Daemon<Stateless>) throws(SystemError) {
        guard let pidFile = daemon.pidFile else { return }
        // Nobody reads it yet: it is not at the pid file's path.
        try Platform.replaceContents(successor.descriptor, with: Array("\(pid)\n".utf8))
        try Platform.rename(successor.path, to: pidFile)
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
