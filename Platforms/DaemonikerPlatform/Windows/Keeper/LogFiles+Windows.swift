#if os(Windows)
    import WinSDK

    // What the keeper's log writer and the `logs` subcommand need of files beyond the library's.
    // The keeper does not run on Windows (``Platform/supportsKeeper``), but these are plain file
    // operations, so they do what they say.
    extension Platform {
        /// `GetSystemTimeAsFileTime` (100 ns units since 1601) as milliseconds since 1970.
        package static func wallClockMilliseconds() -> Int64 {
            var time = FILETIME()
            GetSystemTimeAsFileTime(&time)
            let ticks = Int64(time.dwHighDateTime) << 32 | Int64(time.dwLowDateTime)
            return (ticks - 116_444_736_000_000_000) / 10_000
        }

        /// One `WriteFile` of `bytes`: how many bytes it wrote. Throws when it wrote none.
        package static func writeSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int
        {
            guard !bytes.isEmpty else { return 0 }
            let handle = try validHandle(fd, "write")
            var wrote: DWORD = 0
            guard WriteFile(handle, bytes.baseAddress, DWORD(clamping: bytes.count), &wrote, nil), wrote > 0
            else {
                throw SystemError("write")
            }
            return Int(wrote)
        }

        /// `SetFilePointerEx` to `size`, then `SetEndOfFile`.
        package static func truncate(_ fd: Int32, toSize size: Int64) throws(SystemError) {
            let handle = try validHandle(fd, "truncate")
            var end = LARGE_INTEGER()
            end.QuadPart = size
            guard SetFilePointerEx(handle, end, nil, dword(FILE_BEGIN)), SetEndOfFile(handle) else {
                throw SystemError("truncate")
            }
        }

        /// `ReadFile` positioned at `offset` with an `OVERLAPPED`; empty at the end of the file.
        package static func read(_ fd: Int32, at offset: Int64, upTo count: Int) throws(SystemError)
            -> [UInt8]
        {
            guard count > 0 else { return [] }
            let handle = try validHandle(fd, "read")
            var buffer = [UInt8](repeating: 0, count: count)
            var overlapped = at(offset)
            var got: DWORD = 0
            let succeeded = buffer.withUnsafeMutableBytes { raw in
                ReadFile(handle, raw.baseAddress, DWORD(clamping: raw.count), &got, &overlapped)
            }
            if !succeeded {
                let code = lastError()
                if code == Int32(truncatingIfNeeded: ERROR_HANDLE_EOF) { return [] }
                throw SystemError("read", code: code)
            }
            return Array(buffer.prefix(Int(got)))
        }

        /// Nothing: an anonymous pipe's size is set when it is created.
        package static func enlargePipe(_ fd: Int32, toBytes bytes: Int) {}

        /// Whether `path` exists and is not read-only (`GetFileAttributesW`); what this user may
        /// do there is the ACL's to say when a file is created.
        package static func isWritable(_ path: String) -> Bool {
            let attributes = path.withCString(encodedAs: UTF16.self) { GetFileAttributesW($0) }
            return attributes != INVALID_FILE_ATTRIBUTES && attributes & dword(FILE_ATTRIBUTE_READONLY) == 0
        }
    }
#endif
