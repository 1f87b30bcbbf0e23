import DaemonikerPlatform
import Synchronization

/// A held pid-file lock, as ``PIDFile/lock()`` returns it. The lock lasts as long as this process
/// (or, during a start, the daemon it hands the lock to) keeps the file open; ``release()``
/// removes the file and ends it.
public final class PIDFileLock: Sendable {
    /// The pid file's path (absolute).
    public let path: String
    let descriptor: Int32
    let identity: FileInfo
    private let released = Atomic(false)

    init(path: String, descriptor: Int32, identity: FileInfo) {
        self.path = path
        self.descriptor = descriptor
        self.identity = identity
    }

    /// Writes `"PID\n"` into the file, replacing what was there.
    func write(pid: Int32) throws(DaemonikerError) {
        do {
            try Platform.replaceContents(descriptor, with: Array("\(pid)\n".utf8))
        } catch {
            throw DaemonikerError("write pid \(pid) into pid file \(path)", error)
        }
    }

    /// Removes the file, but only while its path still names the file this lock holds, then
    /// releases the lock explicitly (Windows does not promise when closing releases it) and
    /// closes the descriptor. Only the first call does anything.
    public func release() {
        guard !released.exchange(true, ordering: .sequentiallyConsistent) else { return }
        if let now = try? Platform.info(ofPath: path), now.isSameFile(as: identity) {
            try? Platform.unlink(path)
        }
        Platform.unlock(descriptor)
        Platform.close(descriptor)
    }

    /// Closes this process's descriptor without removing the file: the lock stays with any other
    /// process holding the same open file (the launcher's hand-over to the daemon), after the
    /// platform's last hand-over step (on Windows, releasing the lock's "starting" byte).
    func closeDescriptorOnly() {
        guard !released.exchange(true, ordering: .sequentiallyConsistent) else { return }
        Platform.finishHandOver(descriptor)
        Platform.close(descriptor)
    }
}

extension PIDFileLock {
    /// Starts the sentinel relay for this process, so ``PIDFile/send(_:timeout:)`` reaches it
    /// through a sentinel, as it reaches a daemon started with `signalRelay`: the one way to
    /// signal a process on Windows, for a program that runs in the foreground and never
    /// daemonizes. Relayed signals arrive like any other, through `Signals` handlers, sequences
    /// and actions. The sentinel ends with this process; its record beside the pid file is
    /// removed at exit and by a `SignalAction/cleanExit`.
    public func startSignalRelay() throws(DaemonikerError) {
        let record = SentinelRecord.path(forPIDFile: path)
        Platform.configureCleanup(pidFile: path, lockFD: descriptor, sentinelRecord: record, notify: nil)
        _ = try SentinelRelay(pidFile: path)
    }
}
