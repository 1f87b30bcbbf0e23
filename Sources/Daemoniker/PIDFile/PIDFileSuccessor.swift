import DaemonikerPlatform

/// A new pid file for an upgrade's next generation: `PIDFILE.next`, made and locked before that
/// generation starts (it inherits the descriptor as its pid-file lock), with the pid file's
/// permissions. Once the generation is ready, ``promote(pid:)`` writes its pid into it and
/// renames it over the pid file; if it fails, ``discard()`` removes it. A reader opening the pid
/// file's path finds either the old file (old pid, still locked) or the new one (new pid,
/// locked): never a missing, empty or half-written file, and the path never names an unlocked
/// file. (An in-place rewrite, ``PIDFileLock/rewrite(_:pid:path:)``, may be read half-written.)
package struct PIDFileSuccessor: Sendable {
    /// Its descriptor (close-on-exec; the new generation inherits it).
    package let descriptor: Int32
    /// Which file it is.
    package let identity: FileInfo
    /// Its path: `PIDFILE.next`.
    package let path: String
    /// The pid file it replaces.
    package let pidFile: String

    /// Creates and locks `pidFile.next` beside `pidFile`, whose open descriptor is `current`,
    /// with its permissions; a stale one (from a process killed during an upgrade) is replaced.
    /// Nil when the pid file belongs to another user than this process's (made by root before
    /// the switch to an unprivileged user): a file made now would belong to this user, which
    /// root's `stop` and `status` refuse to trust; the caller then rewrites the pid file in
    /// place. Throws when the file cannot be made (the directory is not writable for this user).
    package static func prepare(pidFile: String, current: Int32) throws(SystemError) -> PIDFileSuccessor? {
        guard let file = try? Platform.info(ofDescriptor: current), file.owner == Platform.effectiveUserID
        else { return nil }
        let path = pidFile + ".next"
        try? Platform.unlink(path)
        let next = try Platform.open(path, .exclusive, permissions: file.permissions)
        do throws(SystemError) {
            try Platform.setPermissions(next, file.permissions)
            guard try Platform.tryLockExclusive(next) else {
                throw SystemError("lock \(path), which another process locked as it was made")
            }
            return PIDFileSuccessor(
                descriptor: next, identity: try Platform.info(ofDescriptor: next), path: path,
                pidFile: pidFile)
        } catch {
            Platform.close(next)
            try? Platform.unlink(path)
            throw error
        }
    }

    /// Removes a successor that is not taken (its generation failed or never started) and
    /// closes this process's descriptor: no `PIDFILE.next` is left, and the pid file is as it was.
    package func discard() {
        if let now = try? Platform.info(ofPath: path), now.isSameFile(as: identity) {
            try? Platform.unlink(path)
        }
        Platform.close(descriptor)
    }

    /// Writes `"PID\n"` into the successor and renames it over the pid file: from then on the
    /// path names it. The descriptor stays open (the caller closes or keeps it; closing it does
    /// not release the lock while the new generation holds its inherited copy). When this
    /// throws, the pid file is as it was (the rename is the last step); discard the successor.
    package func promote(pid: Int32) throws(SystemError) {
        // Nobody reads it yet: it is not at the pid file's path.
        try Platform.replaceContents(descriptor, with: Array("\(pid)\n".utf8))
        try Platform.rename(path, to: pidFile)
    }
}
