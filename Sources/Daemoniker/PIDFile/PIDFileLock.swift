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

    /// Writes `"PID\n"` into the file, replacing what was there (``rewrite(_:pid:path:)``).
    func write(pid: Int32) throws(DaemonikerError) {
        try Self.rewrite(descriptor, pid: pid, path: path)
    }

    /// Writes `"PID\n"` into the open pid file `descriptor` (at `path`, for the error), in place
    /// and so that a reader never finds an empty file and finds no other pid for longer than
    /// one write: when the new text is longer, newlines are first appended (the old pid still
    /// reads the same); then one write puts the new pid at the start, padded with newlines to the
    /// file's length; then the file is cut back to the new text (`PIDFile.parse` takes trailing
    /// newlines as part of a pid file). A reader whose `read` runs during that one write may
    /// still see part of each (Linux does not order them on every file system); an upgrade
    /// therefore renames a new, locked file over the pid file instead (``PIDFileSuccessor``),
    /// and comes here only where it cannot make that file.
    package static func rewrite(_ descriptor: Int32, pid: Int32, path: String) throws(DaemonikerError) {
        let text = Array("\(pid)\n".utf8)
        do throws(SystemError) {
            let size = Int((try? Platform.info(ofDescriptor: descriptor))?.size ?? 0)
            guard size > 0 else {
                // Empty (a start that has not written yet): nothing to keep readable.
                try Platform.replaceContents(descriptor, with: text)
                return
            }
            let newline = UInt8(ascii: "\n")
            if text.count > size {
                try Platform.write(
                    descriptor, [UInt8](repeating: newline, count: text.count - size), at: Int64(size))
            }
            try Platform.write(
                descriptor, text + [UInt8](repeating: newline, count: max(0, size - text.count)), at: 0)
            if text.count < size { try Platform.truncate(descriptor, toSize: Int64(text.count)) }
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

    /// Gives up what ``release()`` would do, keeping the descriptor open: the file stays locked
    /// until this process ends and is never removed by it. An upgrade's old generation, whose
    /// pid file was replaced by its successor's: a reader that opened the old file just before
    /// finds it locked, naming a process that still runs, rather than stale.
    func relinquish() {
        _ = released.exchange(true, ordering: .sequentiallyConsistent)
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
