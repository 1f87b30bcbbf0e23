#if os(Windows)
    import WinSDK

    extension Platform {
        /// True: the keeper runs its program in a job object (`spawnChild`), reaps it
        /// (`reapAnyChild`) and stops it in NSSM's order (`endChildTree`). Type-checked only: no
        /// Swift runs on Windows here.
        package static var supportsKeeper: Bool { true }

        /// False: sockets are not inherited by number on Windows; `daemoniker upgrade` refuses
        /// (the design with `WSADuplicateSocket` is in the README).
        package static var supportsUpgrade: Bool { false }

        /// `DuplicateHandle` within this process, inheritable unless `closeOnExec`. Handle values
        /// are the system's to choose, so "the lowest free number" has no meaning here: a copy
        /// whose value lies below `minimum` is set aside and another made (64 tries at most), and
        /// the ones set aside are closed again.
        package static func duplicate(_ fd: Int32, atLeast minimum: Int32, closeOnExec: Bool)
            throws(SystemError) -> Int32
        {
            let source = try validHandle(fd, "duplicate handle \(fd)")
            var low: [HANDLE] = []
            defer { for handle in low { CloseHandle(handle) } }
            for _ in 0..<64 {
                var copy: HANDLE? = nil
                guard
                    DuplicateHandle(
                        GetCurrentProcess(), source, GetCurrentProcess(), &copy, 0, !closeOnExec,
                        dword(DUPLICATE_SAME_ACCESS)),
                    let copy
                else {
                    throw SystemError("duplicate handle \(fd)")
                }
                if descriptor(copy) >= minimum { return descriptor(copy) }
                low.append(copy)
            }
            throw SystemError(
                "duplicate handle \(fd) at \(minimum) or above",
                code: Int32(truncatingIfNeeded: ERROR_NO_MORE_ITEMS))
        }

        /// Whether `fd` is a console: a character device (`GetFileType`) that `GetConsoleMode`
        /// accepts (the null device is a character device too, but no console).
        package static func isTerminal(_ fd: Int32) -> Bool {
            guard let handle = handle(fd), handle != INVALID_HANDLE_VALUE,
                GetFileType(handle) == dword(FILE_TYPE_CHAR)
            else {
                return false
            }
            var mode: DWORD = 0
            return GetConsoleMode(handle, &mode)
        }

        /// Whether `path` exists and is not a directory (`GetFileAttributesW`): Windows decides
        /// what runs by its extension and ACL, which `CreateProcessW` checks when it starts it.
        package static func isExecutableFile(_ path: String) -> Bool {
            let attributes = path.withCString(encodedAs: UTF16.self) { GetFileAttributesW($0) }
            return attributes != INVALID_FILE_ATTRIBUTES && attributes & dword(FILE_ATTRIBUTE_DIRECTORY) == 0
        }

        /// `;`.
        package static var searchPathSeparator: Character { ";" }

        /// `GetSystemTimeAsFileTime` (100 ns units since 1601) as seconds since 1970.
        package static func wallClockSeconds() -> Int64 {
            var time = FILETIME()
            GetSystemTimeAsFileTime(&time)
            let ticks = Int64(time.dwHighDateTime) << 32 | Int64(time.dwLowDateTime)
            return (ticks - 116_444_736_000_000_000) / 10_000_000
        }
    }
#endif
