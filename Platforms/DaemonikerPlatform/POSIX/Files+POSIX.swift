#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// Removes `path` (not what it links to).
        package static func unlink(_ path: String) throws(SystemError) {
            try retrying("unlink \(path)") { systemUnlink(path) }
        }

        /// Renames `from` to `to`, replacing `to` atomically.
        package static func rename(_ from: String, to: String) throws(SystemError) {
            try retrying("rename \(from)") { systemRename(from, to) }
        }

        /// Creates the directory `path` with `permissions`.
        package static func makeDirectory(_ path: String, permissions: UInt32) throws(SystemError) {
            try retrying("mkdir \(path)") { mkdir(path, mode_t(permissions)) }
        }

        /// Changes the permission bits of the open file `fd`.
        package static func setPermissions(_ fd: Int32, _ permissions: UInt32) throws(SystemError) {
            try retrying("fchmod") { fchmod(fd, mode_t(permissions)) }
        }

        /// Whether the calling process may write into `path` (by its real ids, as `access` checks).
        package static func isWritable(_ path: String) -> Bool {
            access(path, W_OK) == 0
        }

        /// The directory part of `path` (`"/run"` for `"/run/x.pid"`, `"."` for `"x.pid"`).
        package static func directory(of path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            if slash == path.startIndex { return "/" }
            return String(path[..<slash])
        }

        /// The current working directory.
        package static func currentDirectory() -> String {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            guard getcwd(&buffer, buffer.count) != nil else { return "." }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// The absolute path with every symbolic link resolved (`realpath`); nil if it does not
        /// exist or cannot be resolved.
        package static func resolvedPath(_ path: String) -> String? {
            guard let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }

        /// `path` made absolute against the working directory, without resolving links.
        package static func absolutePath(_ path: String) -> String {
            if path.hasPrefix("/") { return path }
            let base = currentDirectory()
            return base.hasSuffix("/") ? base + path : base + "/" + path
        }

        /// The system's temporary directory (`TMPDIR`, else `/tmp`).
        package static var temporaryDirectory: String {
            if let dir = environmentValue("TMPDIR"), !dir.isEmpty { return dir }
            return "/tmp"
        }

        /// The per-user runtime directory where the OS has one (`XDG_RUNTIME_DIR`).
        package static var runtimeDirectory: String? {
            guard let dir = environmentValue("XDG_RUNTIME_DIR"), !dir.isEmpty else { return nil }
            return dir
        }

        /// The null device.
        package static let nullDevice = "/dev/null"
    }

    extension Platform {
        /// Whether `path` (following links) is a directory.
        package static func isDirectory(_ path: String) -> Bool {
            var s = stat()
            guard stat(path, &s) == 0 else { return false }
            return s.st_mode & S_IFMT == S_IFDIR
        }

        /// Writes `text` to standard error, unbuffered.
        package static func writeStandardError(_ text: String) {
            try? write(2, Array(text.utf8))
        }
    }

    private func systemUnlink(_ path: String) -> Int32 { unlink(path) }
    private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
#endif
