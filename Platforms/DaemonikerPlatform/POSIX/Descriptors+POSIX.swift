#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    /// How to open a file for `Platform.open`.
    package struct OpenMode: Sendable {
        package var flags: Int32
        /// Through no symbolic link anywhere in the path (`dk_open_no_symlinks`).
        package var noSymbolicLinks = false
        package init(flags: Int32, noSymbolicLinks: Bool = false) {
            self.flags = flags
            self.noSymbolicLinks = noSymbolicLinks
        }

        package static let readOnly = OpenMode(flags: O_RDONLY | O_CLOEXEC | O_NOCTTY)
        package static let readWrite = OpenMode(flags: O_RDWR | O_CLOEXEC | O_NOCTTY)
        /// A log file: `O_WRONLY|O_CREAT|O_NOCTTY` plus `O_APPEND` or `O_TRUNC`.
        package static func log(append: Bool) -> OpenMode {
            log(append: append, followingLinks: true)
        }
        /// A log file, as ``log(append:)``; `followingLinks: false` opens it through no symbolic
        /// link anywhere in its path (Linux; elsewhere not in its last component).
        package static func log(append: Bool, followingLinks: Bool) -> OpenMode {
            OpenMode(
                flags: O_WRONLY | O_CREAT | O_NOCTTY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC),
                noSymbolicLinks: !followingLinks)
        }
        /// The pid file: created if missing, never through a symbolic link, never blocking on a FIFO.
        package static let pidFile = OpenMode(
            flags: O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        /// An existing file, never through a symbolic link.
        package static let existingNoFollow = OpenMode(
            flags: O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        /// A new file that must not exist yet.
        package static let exclusive = OpenMode(flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)
    }

    extension FileInfo {
        /// What `fstat`/`lstat` said.
        init(_ s: stat) {
            self.init(
                device: UInt64(s.st_dev), inode: UInt64(s.st_ino), mode: UInt32(s.st_mode),
                owner: UInt32(s.st_uid), size: Int64(s.st_size), links: UInt64(s.st_nlink))
        }
    }

    extension Platform {
        /// Opens `path`; `permissions` applies when the file is created.
        package static func open(_ path: String, _ mode: OpenMode, permissions: UInt32 = 0o644)
            throws(SystemError)
            -> Int32
        {
            try retrying("open \(path)") {
                mode.noSymbolicLinks
                    ? dk_open_no_symlinks(path, mode.flags, Int32(permissions))
                    : systemOpen(path, mode.flags, mode_t(permissions))
            }
        }

        /// Closes `fd`, ignoring errors (there is nothing useful to do about them).
        package static func close(_ fd: Int32) {
            _ = systemClose(fd)
        }

        /// Reads up to `count` bytes; an empty result means end of file. Read straight into the
        /// array's own storage (no zeroing, no second copy).
        package static func read(_ fd: Int32, upTo count: Int) throws(SystemError) -> [UInt8] {
            var failure: SystemError?
            let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
                do throws(SystemError) {
                    initialized = try retrying("read") { systemRead(fd, buffer.baseAddress, buffer.count) }
                } catch {
                    failure = error
                    initialized = 0
                }
            }
            if let failure { throw failure }
            return bytes
        }

        /// Writes all of `bytes`.
        package static func write(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
            var offset = 0
            while offset < bytes.count {
                let wrote = try retrying("write") {
                    bytes.withUnsafeBytes { raw in
                        systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    }
                }
                offset += wrote
            }
        }

        /// Writes all of `bytes` to a pipe whose reader may be gone, without dying of SIGPIPE;
        /// throws EPIPE then.
        package static func writeWithoutBrokenPipeSignal(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
            let result = bytes.withUnsafeBytes { dk_write_all_nosigpipe(fd, $0.baseAddress, $0.count) }
            if result != 0 { throw SystemError("write") }
        }

        /// Opens the null device onto any of descriptors 0, 1 and 2 that is closed.
        package static func fillStandardDescriptors() {
            _ = dk_fill_standard_descriptors()
        }

        /// Empties the open file `fd`.
        package static func truncate(_ fd: Int32) throws(SystemError) {
            try retrying("ftruncate") { ftruncate(fd, 0) }
        }

        /// Replaces the whole content of the open file `fd` with `bytes`, in place and never
        /// empty in between: the new bytes are written over the old from offset 0, then the file
        /// is cut to their length (a reader of a pid file sees the old pid, at most the new pid
        /// followed by the old one's last newline, then the new pid: never nothing). Not flushed to
        /// disk: a pid file names a process, which a crash of the machine ends anyway, and an
        /// `fsync` cost every start milliseconds on a disk that is busy.
        package static func replaceContents(_ fd: Int32, with bytes: [UInt8]) throws(SystemError) {
            try writeFromStart(fd, bytes)
            try retrying("ftruncate") { ftruncate(fd, off_t(bytes.count)) }
        }

        private static func writeFromStart(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
            var offset = 0
            while offset < bytes.count {
                let wrote = try retrying("pwrite") {
                    bytes.withUnsafeBytes { raw in
                        pwrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, off_t(offset))
                    }
                }
                offset += wrote
            }
        }

        /// `pwrite` of all of `bytes` at `offset` (again after a short write); the file position
        /// stays where it was.
        package static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int64) throws(SystemError) {
            var done = 0
            while done < bytes.count {
                let wrote = try retrying("pwrite") {
                    bytes.withUnsafeBytes { raw in
                        pwrite(
                            fd, raw.baseAddress.map { $0 + done }, raw.count - done,
                            off_t(offset) + off_t(done))
                    }
                }
                done += wrote
            }
        }

        /// Reads the content of the open file `fd` from offset 0, at most `limit` bytes.
        package static func contents(_ fd: Int32, upTo limit: Int) throws(SystemError) -> [UInt8] {
            var result: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: min(4096, max(limit, 1)))
            while result.count < limit {
                let offset = result.count
                let got = try retrying("pread") {
                    buffer.withUnsafeMutableBytes { raw in
                        pread(fd, raw.baseAddress, raw.count, off_t(offset))
                    }
                }
                if got == 0 { return result }
                result += buffer.prefix(min(got, limit - result.count))
            }
            return result
        }

        /// A pipe whose both ends are close-on-exec: (read end, write end).
        package static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            try retrying("pipe") { dk_pipe_cloexec(&fds) }
            return (fds[0], fds[1])
        }

        /// Sets or clears `FD_CLOEXEC`.
        package static func setCloseOnExec(_ fd: Int32, _ on: Bool) {
            let flags = fcntl(fd, F_GETFD)
            guard flags >= 0 else { return }
            _ = fcntl(fd, F_SETFD, on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC)
        }

        /// Sets or clears `O_NONBLOCK`.
        package static func setNonBlocking(_ fd: Int32, _ on: Bool) {
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0 else { return }
            _ = fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK)
        }

        /// Whether `fd` is an open descriptor.
        package static func isOpen(_ fd: Int32) -> Bool {
            fcntl(fd, F_GETFD) >= 0
        }

        /// `dup2(from, to)`.
        package static func duplicate(_ from: Int32, onto to: Int32) throws(SystemError) {
            try retrying("dup2 \(from) \(to)") { dup2(from, to) }
        }

        /// Waits until `fd` is readable or `milliseconds` pass (-1: forever). Returns whether it is readable.
        package static func waitReadable(_ fd: Int32, milliseconds: Int32) throws(SystemError) -> Bool {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = try retrying("poll") { systemPoll(&entry, 1, milliseconds) }
            return ready > 0
        }

        /// `fstat`.
        package static func info(ofDescriptor fd: Int32) throws(SystemError) -> FileInfo {
            var s = stat()
            try retrying("fstat") { fstat(fd, &s) }
            return FileInfo(s)
        }

        /// `lstat`: information about `path` itself, not what a link points to.
        package static func info(ofPath path: String) throws(SystemError) -> FileInfo {
            var s = stat()
            try retrying("lstat \(path)") { lstat(path, &s) }
            return FileInfo(s)
        }
    }

    // Unambiguous names for the C functions that the methods above shadow.
    private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        open(path, flags, mode)
    }
    private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
    private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, p, n) }
    private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }
    private func systemPoll(_ entry: UnsafeMutablePointer<pollfd>, _ count: nfds_t, _ timeout: Int32) -> Int32
    {
        poll(entry, count, timeout)
    }
#endif
