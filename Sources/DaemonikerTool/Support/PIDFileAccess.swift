import DaemonikerPlatform

/// A pid file that is there but cannot be read is not "no pid file": the subcommands say so.
enum PIDFileAccess {
    /// Whether something is at `path` that this user cannot open (a symbolic link, or a file
    /// not readable by this user).
    static func isUnreadable(_ path: String) -> Bool {
        guard (try? Platform.info(ofPath: path)) != nil else { return false }
        guard let fd = try? Platform.open(path, .existingNoFollow, permissions: 0) else { return true }
        Platform.close(fd)
        return false
    }

    /// Throws bad input when `path` is there but cannot be opened.
    static func checkReadable(_ path: String) throws(ToolError) {
        guard isUnreadable(path) else { return }
        throw ToolError(
            .badInput,
            "pid file \(path) exists but cannot be opened (a symbolic link, or not readable by this user); give the real file's path, or run as its owner or root"
        )
    }
}
