import DaemonikerPlatform

/// Where relaunch state files live, and how they are written, checked, read and always deleted.
enum StateStore {
    /// A private directory for this user: `daemoniker-<uid>` in the runtime directory where the OS
    /// has one (`XDG_RUNTIME_DIR`), else in the temporary directory. Created with mode 0700;
    /// refused if it is a link, someone else's, or open to others.
    static func directory() throws(DaemonikerError) -> String {
        let base = Platform.runtimeDirectory ?? Platform.temporaryDirectory
        let path = (base.hasSuffix("/") ? base : base + "/") + "daemoniker-\(Platform.effectiveUserID)"
        do {
            try Platform.makeDirectory(path, permissions: 0o700)
        } catch {
            if !error.isAlreadyExists {
                throw DaemonikerError(
                    .invalidConfiguration,
                    "cannot create the relaunch state directory \(path): \(error.reason); set XDG_RUNTIME_DIR or TMPDIR to a directory this user can write"
                )
            }
        }
        guard let info = try? Platform.info(ofPath: path), info.isDirectory,
            info.owner == Platform.effectiveUserID, info.permissions & 0o077 == 0
        else {
            throw DaemonikerError(
                .invalidConfiguration,
                "relaunch state directory \(path) is not a private directory of this user (mode 0700); remove it so it can be made anew"
            )
        }
        return path
    }

    /// Writes a new state file (created exclusively, mode 0600) and returns its path.
    static func write(token: String, state: [UInt8]) throws(DaemonikerError) -> String {
        let path = try directory() + "/state-\(token)"
        do {
            let fd = try Platform.open(path, .exclusive, permissions: 0o600)
            defer { Platform.close(fd) }
            try Platform.setPermissions(fd, 0o600)
            try Platform.write(fd, StateFileFormat.encode(token: token, state: state))
        } catch {
            try? Platform.unlink(path)
            throw DaemonikerError("write the relaunch state file \(path)", error)
        }
        return path
    }

    /// Checks, reads and deletes the state file at `path`. It is deleted in every case where
    /// this process may delete it, accepted or not.
    static func take(path: String, token: String) throws(DaemonikerError) -> [UInt8] {
        defer { try? Platform.unlink(path) }
        let info: FileInfo
        do {
            info = try Platform.info(ofPath: path)
        } catch {
            throw DaemonikerError(
                .stateFileMissing,
                "state file \(path) is missing (\(error.reason)); it is written by the launching process just before the relaunch, so something removed it"
            )
        }
        if info.isSymbolicLink {
            throw DaemonikerError(
                .stateFileSymbolicLink, "state file \(path) is a symbolic link; refusing to follow it")
        }
        if !info.isRegular {
            throw DaemonikerError(
                .stateFileMalformed, "state file \(path) is not a regular file; refusing it")
        }
        if info.owner != Platform.effectiveUserID {
            throw DaemonikerError(
                .stateFileOwner,
                "state file \(path) belongs to user \(info.owner), not to this user (\(Platform.effectiveUserID)); refusing it"
            )
        }
        if info.permissions & 0o077 != 0 {
            throw DaemonikerError(
                .stateFilePermissions,
                "state file \(path) is open to group or others (mode 0\(String(info.permissions, radix: 8))); refusing it, it must be 0600"
            )
        }
        let bytes: [UInt8]
        do {
            let fd = try Platform.open(path, .existingNoFollow)
            defer { Platform.close(fd) }
            let opened = try Platform.info(ofDescriptor: fd)
            guard opened.isSameFile(as: info) else {
                throw DaemonikerError(
                    .stateFileMalformed, "state file \(path) was replaced while being read; refusing it")
            }
            bytes = try Platform.readAll(fd)
        } catch let error as DaemonikerError {
            throw error
        } catch {
            throw DaemonikerError(.stateFileMissing, "state file \(path) cannot be read: \(error)")
        }
        return try StateFileFormat.decode(bytes, token: token, path: path)
    }
}
