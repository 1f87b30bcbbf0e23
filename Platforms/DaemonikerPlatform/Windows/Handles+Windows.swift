#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    /// How to open a file for `Platform.open`: `CreateFileW`'s access, creation disposition and
    /// flags. Every handle is opened not inheritable (the counterpart of `O_CLOEXEC`) and shared
    /// for reading, writing and deletion (so a pid file can be removed while its daemon runs).
    package struct OpenMode: Sendable {
        /// `dwDesiredAccess`.
        package var access: DWORD
        /// `dwCreationDisposition`.
        package var disposition: DWORD
        /// Refuse a reparse point (symbolic link, junction) at the path: the counterpart of
        /// `O_NOFOLLOW`, checked after opening the link itself with `FILE_FLAG_OPEN_REPARSE_POINT`.
        package var noFollow: Bool

        /// Creates a mode.
        package init(access: DWORD, disposition: DWORD, noFollow: Bool = false) {
            self.access = access
            self.disposition = disposition
            self.noFollow = noFollow
        }

        /// An existing file, for reading.
        package static let readOnly = OpenMode(access: dword(GENERIC_READ), disposition: dword(OPEN_EXISTING))
        /// An existing file (or device, such as `NUL`), for reading and writing.
        package static let readWrite = OpenMode(
            access: dword(GENERIC_READ) | dword(GENERIC_WRITE), disposition: dword(OPEN_EXISTING))
        /// A log file, created if missing. Appending opens it with `FILE_APPEND_DATA` alone, so
        /// every write lands at the end even with other writers (the counterpart of `O_APPEND`);
        /// otherwise it is truncated.
        package static func log(append: Bool) -> OpenMode {
            log(append: append, followingLinks: true)
        }
        /// A log file, as ``log(append:)``; `followingLinks: false` refuses a reparse point.
        package static func log(append: Bool, followingLinks: Bool) -> OpenMode {
            append
                ? OpenMode(
                    access: dword(FILE_APPEND_DATA), disposition: dword(OPEN_ALWAYS),
                    noFollow: !followingLinks)
                : OpenMode(
                    access: dword(GENERIC_WRITE), disposition: dword(CREATE_ALWAYS), noFollow: !followingLinks
                )
        }
        /// The pid file: created if missing, never through a reparse point.
        package static let pidFile = OpenMode(
            access: dword(GENERIC_READ) | dword(GENERIC_WRITE), disposition: dword(OPEN_ALWAYS),
            noFollow: true)
        /// An existing file, never through a reparse point.
        package static let existingNoFollow = OpenMode(
            access: dword(GENERIC_READ), disposition: dword(OPEN_EXISTING), noFollow: true)
        /// A new file that must not exist yet.
        package static let exclusive = OpenMode(
            access: dword(GENERIC_WRITE), disposition: dword(CREATE_NEW), noFollow: true)
    }

    extension Platform {
        /// The `HANDLE` a descriptor number stands for: 0, 1 and 2 are the current standard input,
        /// output and error handles; any other number is a handle value.
        static func handle(_ fd: Int32) -> HANDLE? {
            switch fd {
            case 0: return GetStdHandle(STD_INPUT_HANDLE)
            case 1: return GetStdHandle(STD_OUTPUT_HANDLE)
            case 2: return GetStdHandle(STD_ERROR_HANDLE)
            default: return HANDLE(bitPattern: Int(fd))
            }
        }

        /// The descriptor number of `handle`: its value, which Windows keeps within 32 bits.
        static func descriptor(_ handle: HANDLE) -> Int32 {
            Int32(truncatingIfNeeded: Int(bitPattern: handle))
        }

        /// The handle for `fd`, or `ERROR_INVALID_HANDLE` for a number that names none.
        static func validHandle(_ fd: Int32, _ operation: String) throws(SystemError) -> HANDLE {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else {
                throw SystemError(operation, code: Int32(truncatingIfNeeded: ERROR_INVALID_HANDLE))
            }
            return handle
        }

        /// Opens `path` with `CreateFileW`. `permissions` is ignored: a new file takes the ACL its
        /// directory passes on (see `makeDirectory` for private directories).
        package static func open(_ path: String, _ mode: OpenMode, permissions: UInt32 = 0o644)
            throws(SystemError)
            -> Int32
        {
            let share = dword(FILE_SHARE_READ) | dword(FILE_SHARE_WRITE) | dword(FILE_SHARE_DELETE)
            let flags =
                dword(FILE_ATTRIBUTE_NORMAL) | (mode.noFollow ? dword(FILE_FLAG_OPEN_REPARSE_POINT) : 0)
            let opened: HANDLE? = path.withCString(encodedAs: UTF16.self) { name in
                CreateFileW(name, mode.access, share, nil, mode.disposition, flags, nil)
            }
            guard let handle = opened, handle != INVALID_HANDLE_VALUE else {
                var code = lastError()
                // CreateFileW cannot open a directory without FILE_FLAG_BACKUP_SEMANTICS and
                // says "access denied"; name the real reason.
                if code == Int32(truncatingIfNeeded: ERROR_ACCESS_DENIED), isDirectory(path) {
                    code = errorDirectoryNotSupported
                }
                throw SystemError("open \(path)", code: code)
            }
            if mode.noFollow {
                var information = BY_HANDLE_FILE_INFORMATION()
                if GetFileInformationByHandle(handle, &information),
                    information.dwFileAttributes & dword(FILE_ATTRIBUTE_REPARSE_POINT) != 0
                {
                    CloseHandle(handle)
                    throw SystemError("open \(path)", code: errorStoppedOnSymlink)
                }
            }
            return descriptor(handle)
        }

        /// Closes the handle `fd`, ignoring errors. 0, 1 and 2 close the standard handles.
        package static func close(_ fd: Int32) {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return }
            CloseHandle(handle)
        }

        /// Reads up to `count` bytes; an empty result means end of file, or a pipe whose writers
        /// are all gone (`ERROR_BROKEN_PIPE`).
        package static func read(_ fd: Int32, upTo count: Int) throws(SystemError) -> [UInt8] {
            let handle = try validHandle(fd, "read")
            var buffer = [UInt8](repeating: 0, count: count)
            var got: DWORD = 0
            let succeeded = buffer.withUnsafeMutableBytes { raw in
                ReadFile(handle, raw.baseAddress, DWORD(clamping: raw.count), &got, nil)
            }
            if !succeeded {
                let code = lastError()
                if code == Int32(truncatingIfNeeded: ERROR_BROKEN_PIPE)
                    || code == Int32(truncatingIfNeeded: ERROR_HANDLE_EOF)
                {
                    return []
                }
                throw SystemError("read", code: code)
            }
            return Array(buffer.prefix(Int(got)))
        }

        /// Writes all of `bytes`.
        package static func write(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
            let handle = try validHandle(fd, "write")
            var offset = 0
            while offset < bytes.count {
                var wrote: DWORD = 0
                let succeeded = bytes.withUnsafeBytes { raw in
                    WriteFile(
                        handle, raw.baseAddress.map { $0 + offset }, DWORD(clamping: raw.count - offset),
                        &wrote, nil)
                }
                if !succeeded { throw SystemError("write") }
                offset += Int(wrote)
            }
        }

        /// Writes all of `bytes`. Windows raises nothing when a pipe's reader is gone: the write
        /// fails with `ERROR_NO_DATA` or `ERROR_BROKEN_PIPE`, which is thrown.
        package static func writeWithoutBrokenPipeSignal(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
            try write(fd, bytes)
        }

        /// Binds the null device to any standard handle the process was started without, so that
        /// the C runtime's streams and the Win32 handles all have somewhere to go.
        package static func fillStandardDescriptors() {
            for fd: Int32 in 0...2 where !isOpen(fd) {
                guard let null = try? open(nullDevice, fd == 0 ? .readOnly : .readWrite, permissions: 0)
                else {
                    continue
                }
                try? duplicate(null, onto: fd)
                close(null)
            }
        }

        /// Empties the open file `fd`.
        package static func truncate(_ fd: Int32) throws(SystemError) {
            try replaceContents(fd, with: [])
        }

        /// Replaces the whole content of the open file `fd` with `bytes` (not flushed to disk: see
        /// the POSIX version).
        package static func replaceContents(_ fd: Int32, with bytes: [UInt8]) throws(SystemError) {
            let handle = try validHandle(fd, "truncate")
            var start = LARGE_INTEGER()
            start.QuadPart = 0
            guard SetFilePointerEx(handle, start, nil, dword(FILE_BEGIN)), SetEndOfFile(handle) else {
                throw SystemError("truncate")
            }
            var offset = 0
            while offset < bytes.count {
                var overlapped = at(offset)
                var wrote: DWORD = 0
                let succeeded = bytes.withUnsafeBytes { raw in
                    WriteFile(
                        handle, raw.baseAddress.map { $0 + offset }, DWORD(clamping: raw.count - offset),
                        &wrote,
                        &overlapped)
                }
                if !succeeded { throw SystemError("write") }
                offset += Int(wrote)
            }
        }

        /// `WriteFile` of all of `bytes` positioned at `offset` with an `OVERLAPPED`.
        package static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int64) throws(SystemError) {
            let handle = try validHandle(fd, "write")
            var done = 0
            while done < bytes.count {
                var overlapped = at(offset + Int64(done))
                var wrote: DWORD = 0
                let succeeded = bytes.withUnsafeBytes { raw in
                    WriteFile(
                        handle, raw.baseAddress.map { $0 + done }, DWORD(clamping: raw.count - done), &wrote,
                        &overlapped)
                }
                if !succeeded || wrote == 0 { throw SystemError("write") }
                done += Int(wrote)
            }
        }

        /// Reads the whole content of the open file `fd` from offset 0, without regard to (and,
        /// on a synchronous handle, moving) the file pointer.
        package static func contents(_ fd: Int32, upTo limit: Int) throws(SystemError) -> [UInt8] {
            let handle = try validHandle(fd, "read")
            var result: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: min(4096, max(limit, 1)))
            while result.count < limit {
                var overlapped = at(result.count)
                var got: DWORD = 0
                let succeeded = buffer.withUnsafeMutableBytes { raw in
                    ReadFile(handle, raw.baseAddress, DWORD(raw.count), &got, &overlapped)
                }
                if !succeeded {
                    let code = lastError()
                    if code == Int32(truncatingIfNeeded: ERROR_HANDLE_EOF) { return result }
                    throw SystemError("read", code: code)
                }
                if got == 0 { return result }
                result += buffer.prefix(min(Int(got), limit - result.count))
            }
            return result
        }

        /// An `OVERLAPPED` that positions a synchronous read or write (or a lock) at `offset`.
        static func at(_ offset: some BinaryInteger) -> OVERLAPPED {
            let position = UInt64(offset)
            var overlapped = OVERLAPPED()
            overlapped.Offset = DWORD(truncatingIfNeeded: position)
            overlapped.OffsetHigh = DWORD(truncatingIfNeeded: position >> 32)
            return overlapped
        }

        /// An anonymous pipe, both ends not inheritable: (read end, write end).
        package static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
            var readEnd: HANDLE?
            var writeEnd: HANDLE?
            guard CreatePipe(&readEnd, &writeEnd, nil, 0), let readEnd, let writeEnd else {
                throw SystemError("CreatePipe")
            }
            return (descriptor(readEnd), descriptor(writeEnd))
        }

        /// Clears (`on`) or sets `HANDLE_FLAG_INHERIT`. Inheritance on Windows also needs the
        /// handle in the list a spawn passes explicitly, so an inheritable handle alone leaks
        /// only into processes started without such a list.
        package static func setCloseOnExec(_ fd: Int32, _ on: Bool) {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return }
            SetHandleInformation(handle, HANDLE_FLAG_INHERIT, on ? 0 : HANDLE_FLAG_INHERIT)
        }

        /// Does nothing: anonymous pipes have no non-blocking mode. `waitReadable` is how the
        /// library avoids blocking.
        package static func setNonBlocking(_ fd: Int32, _ on: Bool) {}

        /// Whether `fd` is an open handle.
        package static func isOpen(_ fd: Int32) -> Bool {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE else { return false }
            var flags: DWORD = 0
            return GetHandleInformation(handle, &flags)
        }

        /// Points standard stream `to` (0, 1 or 2) at what `from` refers to on every layer a
        /// program writes through (`dk_win_redirect_standard`): the C runtime descriptor, the Win32
        /// standard handle and the C runtime `FILE` stream (which Swift's `print` uses). Where the C
        /// runtime refuses to rebind a stream that never had a descriptor (Wine's does), the
        /// descriptor and the Win32 handle are still redirected, and that is not an error. Any
        /// other `to` is `ERROR_NOT_SUPPORTED`: handle values cannot be chosen on Windows.
        package static func duplicate(_ from: Int32, onto to: Int32) throws(SystemError) {
            guard (0...2).contains(to) else { throw notSupported("duplicate \(from) onto \(to)") }
            let source = try validHandle(from, "duplicate \(from)")
            if dk_win_redirect_standard(to, Int(bitPattern: source)) < 0 {
                throw SystemError("redirect standard stream \(to)")
            }
        }

        /// Waits until `fd` has something to read, or until `milliseconds` pass (-1: forever).
        /// Anonymous pipes cannot be waited on, so a pipe is checked with `PeekNamedPipe` every
        /// 10 ms; a pipe whose writers are gone counts as readable (the read then sees its end).
        /// Anything else (a file) is always readable.
        package static func waitReadable(_ fd: Int32, milliseconds: Int32) throws(SystemError) -> Bool {
            let handle = try validHandle(fd, "wait for \(fd)")
            guard GetFileType(handle) == dword(FILE_TYPE_PIPE) else { return true }
            let deadline = milliseconds < 0 ? Int64.max : monotonicMilliseconds() + Int64(milliseconds)
            while true {
                var available: DWORD = 0
                if !PeekNamedPipe(handle, nil, 0, nil, &available, nil) {
                    let code = lastError()
                    if code == Int32(truncatingIfNeeded: ERROR_BROKEN_PIPE) { return true }
                    throw SystemError("PeekNamedPipe", code: code)
                }
                if available > 0 { return true }
                let left = deadline - monotonicMilliseconds()
                if left <= 0 { return false }
                Sleep(DWORD(min(left, 10)))
            }
        }

        /// What Windows says about the open handle `fd`.
        package static func info(ofDescriptor fd: Int32) throws(SystemError) -> FileInfo {
            try info(of: try validHandle(fd, "inspect \(fd)"), "inspect \(fd)")
        }

        /// What Windows says about `path` itself, not what a reparse point leads to.
        package static func info(ofPath path: String) throws(SystemError) -> FileInfo {
            let access = dword(FILE_READ_ATTRIBUTES) | dword(READ_CONTROL)
            let share = dword(FILE_SHARE_READ) | dword(FILE_SHARE_WRITE) | dword(FILE_SHARE_DELETE)
            let flags = dword(FILE_FLAG_BACKUP_SEMANTICS) | dword(FILE_FLAG_OPEN_REPARSE_POINT)
            let opened: HANDLE? = path.withCString(encodedAs: UTF16.self) { name in
                CreateFileW(name, access, share, nil, dword(OPEN_EXISTING), flags, nil)
            }
            guard let handle = opened, handle != INVALID_HANDLE_VALUE else {
                throw SystemError("inspect \(path)")
            }
            defer { CloseHandle(handle) }
            return try info(of: handle, "inspect \(path)")
        }

        /// Builds a `FileInfo` for `handle`: its type from `GetFileType` and the attributes, its
        /// identity and size from `GetFileInformationByHandle`, its owner from its security, and a
        /// link count of 0 for a file marked for deletion (``anonymousFile(containing:)``), else 1.
        static func info(of handle: HANDLE, _ operation: String) throws(SystemError) -> FileInfo {
            let type = GetFileType(handle)
            if type == dword(FILE_TYPE_PIPE) || type == dword(FILE_TYPE_CHAR) {
                let kind = type == dword(FILE_TYPE_PIPE) ? FileInfo.fifo : FileInfo.character
                return FileInfo(device: 0, inode: 0, mode: kind | 0o600, owner: 0, size: 0)
            }
            var information = BY_HANDLE_FILE_INFORMATION()
            guard GetFileInformationByHandle(handle, &information) else { throw SystemError(operation) }
            let attributes = information.dwFileAttributes
            let mode: UInt32
            if attributes & dword(FILE_ATTRIBUTE_REPARSE_POINT) != 0 {
                mode = FileInfo.link | 0o600
            } else if attributes & dword(FILE_ATTRIBUTE_DIRECTORY) != 0 {
                mode = FileInfo.directory | 0o700
            } else {
                mode = FileInfo.regular | (attributes & dword(FILE_ATTRIBUTE_READONLY) != 0 ? 0o400 : 0o600)
            }
            return FileInfo(
                device: UInt64(information.dwVolumeSerialNumber),
                inode: UInt64(information.nFileIndexHigh) << 32 | UInt64(information.nFileIndexLow),
                mode: mode,
                owner: isOwnedByThisUser(handle) ? 0 : UInt32.max,
                size: Int64(information.nFileSizeHigh) << 32 | Int64(information.nFileSizeLow),
                links: isDeletePending(handle) ? 0 : 1)
        }
    }
#endif
