import DaemonikerPlatform

/// How a log path is opened (at start, and again at each hangup): through a symbolic link only
/// where no other user can have planted it.
package enum LogFile {
    /// Whether the log at `path` may be opened through symbolic links: only when every
    /// directory on the way to it, links followed, is owned by root or this user and writable by
    /// nobody else. Otherwise someone else could plant a link there (or turn a directory into
    /// one), and the log is opened through no link at all (Linux: `openat2` with
    /// `RESOLVE_NO_SYMLINKS`; elsewhere `O_NOFOLLOW`, which covers the last part only); a path
    /// with a link in it is then refused now, with `name` ("standard output file") in the error,
    /// so that this process (often root) never truncates or appends to a file such a link names.
    package static func followsLinks(_ path: String, name: String) throws(DaemonikerError) -> Bool {
        guard let untrusted = firstUntrusted(on: Platform.directory(of: path)) else { return true }
        if let link = chain(from: path).last(where: {
            (try? Platform.info(ofPath: $0))?.isSymbolicLink == true
        }) {
            let owner = (try? Platform.info(ofPath: untrusted)).map { "user \($0.owner)" } ?? "another user"
            throw DaemonikerError(
                .invalidConfiguration,
                "\(name) \(path) passes through the symbolic link \(link), and \(untrusted) on its way is a directory \(owner) or others can change; refusing to follow links there (a link planted there could make this process overwrite any file it may write); give the path of the file itself"
            )
        }
        return false
    }

    /// `path` and every directory above it, up to the root.
    private static func chain(from path: String) -> [String] {
        var chain = [path]
        while let last = chain.last, Platform.directory(of: last) != last {
            chain.append(Platform.directory(of: last))
        }
        return chain
    }

    /// The first directory, from the root down to `directory`, that is not root's or this
    /// user's alone (links followed; a link that cannot be resolved counts as such; a sticky
    /// directory such as /tmp is fine above `directory` itself); nil when there is none.
    private static func firstUntrusted(on directory: String) -> String? {
        let me = Platform.effectiveUserID
        for step in chain(from: directory).reversed() {
            guard let info = try? Platform.info(ofPath: step) else { return step }
            if info.isSymbolicLink {
                // Followed, as everything above it is trusted: where it leads must be too.
                guard let resolved = Platform.resolvedPath(step) else { return step }
                if let untrusted = firstUntrusted(on: resolved) { return untrusted }
                continue
            }
            // Others may write a sticky directory (/tmp) above the log's own, but not replace what
            // is in it that is not theirs: the next step down is checked in turn.
            let sticky = info.permissions & 0o1000 != 0 && step != directory
            if !(info.owner == 0 || info.owner == me) || (info.permissions & 0o022 != 0 && !sticky) {
                return step
            }
        }
        return nil
    }

    /// Opens the log `path` (mode 0640 when created) as `name`, through links only where
    /// ``followsLinks(_:name:)`` allows; returns the descriptor and that answer.
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
