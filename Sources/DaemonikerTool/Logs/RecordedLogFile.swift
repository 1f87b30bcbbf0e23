import DaemonikerPlatform

/// How `daemoniker logs` opens a file that a keeper's record names: the log, a rotated `PATH.N`,
/// the error log.
///
/// The keeper may run as a less privileged `--user`, which owns the record and the log's
/// directory, while `logs` often runs as root: so a file is opened through no symbolic link in
/// its last part and without blocking (a FIFO would hang it), and read only when it is a regular
/// file (not `/dev/zero`, not a FIFO) owned by the record's owner, or by root where root wrote
/// the record or the reader is not root (it then reads only what it may read anyway). Root reading
/// the record of a `--user` keeper reads only that user's files: a log the library opened as root
/// before the switch to `--user` is refused there (create it owned by the user first). Anything else is refused with an error naming the file: it is not passed over, or a
/// planted link to `/etc/shadow` would be printed as part of the log.
enum RecordedLogFile {
    /// Opens `path` to be read; nil when it does not exist. `owner` is the record's owner.
    static func open(_ path: String, owner: UInt32) throws(ToolError) -> Int32? {
        let fd: Int32
        do {
            fd = try Platform.open(path, .existingNoFollow, permissions: 0)
        } catch {
            if error.isNotFound { return nil }
            // ELOOP on Linux; others say EMLINK or EFTYPE: what the path is tells.
            if error.isSymbolicLink || (try? Platform.info(ofPath: path))?.isSymbolicLink == true {
                throw refusal(path, "is a symbolic link; refusing to follow it")
            }
            throw unreadable(path, error)
        }
        let info: FileInfo
        do {
            info = try Platform.info(ofDescriptor: fd)
        } catch {
            Platform.close(fd)
            throw unreadable(path, error)
        }
        if !info.isRegular {
            Platform.close(fd)
            throw refusal(path, "is not a regular file (\(kind(info))); refusing to read it")
        }
        if info.owner != 0, info.owner != owner {
            Platform.close(fd)
            throw refusal(
                path,
                "belongs to user \(info.owner), neither to the keeper's user (\(owner), who owns its record) nor to root; refusing to read it"
            )
        }
        // Root reading a record another user wrote: that user could have named any file of
        // root's, so only files of the record's owner count.
        if info.owner == 0, owner != 0, Platform.effectiveUserID == 0 {
            Platform.close(fd)
            throw refusal(
                path,
                "belongs to root, but its record was written by user \(owner), who could name any file of root's there; refusing to read it as root. Run daemoniker logs as user \(owner), or create the log owned by that user before the start"
            )
        }
        return fd
    }

    /// A rotated file, as ``open(_:owner:)``, except that one that cannot be read (this user may
    /// not) is nil too, to be passed over; one that is refused still throws.
    static func openRotated(_ path: String, owner: UInt32) throws(ToolError) -> Int32? {
        do {
            return try open(path, owner: owner)
        } catch {
            if error.status == .badInput { throw error }
            return nil
        }
    }

    /// The error for a file that could not be read.
    static func unreadable(_ path: String, _ error: SystemError) -> ToolError {
        ToolError(
            .failure,
            "cannot read the log \(path): \(error.reason); run as a user who may read it (its owner, or root)"
        )
    }

    /// Bad input: `path` is not what the keeper writes.
    private static func refusal(_ path: String, _ cause: String) -> ToolError {
        ToolError(
            .badInput,
            "log \(path) \(cause) (the keeper writes its logs as regular files of its own user, and whoever may write \(Platform.directory(of: path)) may have put this there); check and remove it: the keeper starts a new log at its next rotation, or at daemoniker logs --reopen"
        )
    }

    /// What kind of file it is, in words.
    private static func kind(_ info: FileInfo) -> String {
        switch info.mode & FileInfo.typeMask {
        case FileInfo.directory: "a directory"
        case FileInfo.fifo: "a FIFO"
        case FileInfo.character: "a device"
        case FileInfo.socket: "a socket"
        case FileInfo.link: "a symbolic link"
        default: "a special file"
        }
    }
}
