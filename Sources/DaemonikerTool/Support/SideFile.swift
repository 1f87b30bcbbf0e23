import DaemonikerPlatform

/// The small files the keeper keeps beside the pid file (`PIDFILE.notify`, `PIDFILE.keeper`),
/// each written whole.
enum SideFile {
    /// Replaces the file at `path` with `text`, atomically: a new file (`PATH.new`, mode
    /// `permissions`, 0644 unless said, whatever the umask, for readers of any user that may read
    /// the logs) renamed over it. The error when it cannot (the keeper's user may not write the
    /// pid file's directory); nothing is left behind then. `install` writes service definitions
    /// with it too (an rc script with 0755).
    static func replace(_ path: String, with text: String, permissions: UInt32 = 0o644) throws(SystemError) {
        let temporary = path + ".new"
        try? Platform.unlink(temporary)
        let fd = try Platform.open(temporary, .exclusive, permissions: permissions)
        var failure: SystemError?
        do {
            try Platform.setPermissions(fd, permissions)
            try Platform.write(fd, Array(text.utf8))
        } catch {
            failure = error
        }
        Platform.close(fd)
        do throws(SystemError) {
            if let failure { throw failure }
            try Platform.rename(temporary, to: path)
        } catch {
            try? Platform.unlink(temporary)
            throw error
        }
    }
}
