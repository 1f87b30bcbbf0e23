import DaemonikerPlatform

/// How a log path is opened (at start, and again at each hangup): through a symbolic link only
/// where no other user can have planted it.
package enum LogFile {
    /// Whether a symbolic link at `path` may be followed: only in a directory that root or this
    /// user owns and nobody else may write. In any other directory a link is refused now, and
    /// the file is later opened without following one (`O_NOFOLLOW`), so that a link planted
    /// there never makes this process (often root) truncate or append to a file it names.
    /// `name` says which file it is, for the error ("standard output file").
    package static func followsLinks(_ path: String, name: String) throws(DaemonikerError) -> Bool {
        let directory = Platform.directory(of: path)
        let me = Platform.effectiveUserID
        // "dir/." follows a link that is the directory itself (/var/run to /run).
        if let info = try? Platform.info(ofPath: directory + "/."), info.owner == 0 || info.owner == me,
            info.permissions & 0o022 == 0
        {
            return true
        }
        guard let entry = try? Platform.info(ofPath: path), entry.isSymbolicLink else { return false }
        let owner =
            (try? Platform.info(ofPath: directory + "/.")).map { "user \($0.owner)" } ?? "another user"
        throw DaemonikerError(
            .invalidConfiguration,
            "\(name) \(path) is a symbolic link in \(directory), a directory \(owner) or others can change; refusing to follow it (a link planted there could make this process overwrite any file it may write); give the path of the file itself"
        )
    }

    /// Opens the log `path` (mode 0640 when created) as `name`, following a symbolic link only
    /// where ``followsLinks(_:name:)`` allows; returns the descriptor and that answer.
    package static func open(_ path: String, append: Bool, name: String) throws(DaemonikerError) -> (
        fd: Int32, followsLinks: Bool
    ) {
        let follows = try followsLinks(path, name: name)
        do {
            let fd = try Platform.open(
                path, .log(append: append, followingLinks: follows), permissions: 0o640)
            return (fd, follows)
        } catch {
            throw DaemonikerError(
                .invalidConfiguration,
                "\(name) \(path) cannot be opened: \(error.reason); check that its directory exists and this user may write it",
                cause: error)
        }
    }
}
