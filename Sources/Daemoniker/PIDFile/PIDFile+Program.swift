import DaemonikerPlatform

extension PIDFile {
    /// The pid in a pid file that another program writes itself (a server that daemonizes and
    /// writes its own, such as nginx's `pid` file), read with the care the library takes with its
    /// own pid files: not through a symbolic link, only a regular file with one name, owned by this
    /// user or root, not writable by everyone, at most ``longestContent`` bytes, holding a positive
    /// decimal pid and an optional newline. Nil while there is nothing to read yet (no file, or an
    /// empty one: the program may be just writing it). Throws
    /// `DaemonikerError/Code/pidFileUnusable` for a file it refuses, naming the file and why.
    package func readProgramPID() throws(DaemonikerError) -> Int32? {
        // Looked at before it is opened: opening a FIFO could wait for a writer.
        let seen: FileInfo
        do {
            seen = try Platform.info(ofPath: path)
        } catch {
            if error.isNotFound { return nil }
            throw DaemonikerError(
                .pidFileUnusable, "cannot look at pid file \(path): \(error.reason)", cause: error)
        }
        if seen.isSymbolicLink {
            throw DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) is a symbolic link; refusing to follow it (make the program write the file itself, not a link to it)"
            )
        }
        if let refusal = Self.refusal(of: seen, path: path, using: "read") { throw refusal }
        let fd: Int32
        do {
            fd = try Platform.open(path, .existingNoFollow)
        } catch {
            // Replaced by a link, or removed, between the look and the open: look again later.
            if error.isNotFound || error.isSymbolicLink { return nil }
            throw DaemonikerError(
                .pidFileUnusable, "cannot open pid file \(path): \(error.reason)", cause: error)
        }
        defer { Platform.close(fd) }
        guard let info = try? Platform.info(ofDescriptor: fd), info.isSameFile(as: seen) else { return nil }
        if let refusal = Self.refusal(of: info, path: path, using: "read") { throw refusal }
        if info.size > Int64(Self.longestContent) {
            throw DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) holds \(info.size) bytes, far more than a pid; check that the path names the program's pid file"
            )
        }
        let bytes: [UInt8]
        do {
            bytes = try Platform.contents(fd, upTo: Self.longestContent)
        } catch {
            throw DaemonikerError("read pid file \(path)", error)
        }
        if bytes.isEmpty { return nil }
        guard let pid = Self.parse(bytes) else {
            let shown = String(decoding: bytes.prefix(32), as: UTF8.self).debugDescription
            throw DaemonikerError(
                .pidFileUnusable,
                "pid file \(path) holds \(shown), not a pid (a positive decimal number and a newline); check that the path names the program's pid file"
            )
        }
        return pid
    }
}
