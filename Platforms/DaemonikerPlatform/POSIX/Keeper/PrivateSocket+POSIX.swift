#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// A Unix socket of `type` bound at `name` in a new directory only this user may enter
        /// (`mkdtemp` `PREFIX-XXXXXX`, mode 0700) in the temporary directory, the socket itself
        /// mode 0600 whatever the umask, close-on-exec, and listening when `listening`. So that
        /// no other user's process (root aside) can reach it. `purpose` names it in errors; on
        /// any failure nothing is left behind.
        static func privateUnixSocket(
            prefix: String, name: String, type: Int32, listening: Bool, purpose: String
        ) throws(SystemError) -> (fd: Int32, directory: String, path: String) {
            let base = temporaryDirectory
            var template = Array(((base.hasSuffix("/") ? base : base + "/") + "\(prefix)-XXXXXX").utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
            }
            guard let made else {
                throw SystemError("create a private directory for \(purpose) in \(base) (set TMPDIR)")
            }
            let path = made + "/" + name
            guard let bytes = unixSocketAddress(path) else {
                rmdir(made)
                throw SystemError(
                    "\(purpose) address \(path) (set TMPDIR to a shorter path)", code: ENAMETOOLONG)
            }
            let fd = socket(AF_UNIX, type, 0)
            guard fd >= 0 else {
                let error = SystemError("socket AF_UNIX for \(purpose)")
                rmdir(made)
                throw error
            }
            setCloseOnExec(fd, true)
            let bound = withSocketAddress(bytes) { pointer, length in bind(fd, pointer, length) }
            guard bound == 0, !listening || listen(fd, 8) == 0 else {
                let error = SystemError(listening ? "bind and listen on \(path)" : "bind \(purpose) \(path)")
                close(fd)
                try? unlink(path)
                rmdir(made)
                throw error
            }
            _ = chmod(path, 0o600)
            return (fd, made, path)
        }
    }
#endif
