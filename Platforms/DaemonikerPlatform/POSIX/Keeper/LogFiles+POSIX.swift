#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    // What the keeper's log writer and the `logs` subcommand need of files beyond the library's:
    // one write that may be short (a full disk), cutting a file back, reading at an offset, the
    // wall clock to the millisecond for timestamps, and a larger pipe for COMMAND's output.
    extension Platform {
        /// `gettimeofday` in milliseconds since 1970 (Darwin does not import `CLOCK_REALTIME`).
        package static func wallClockMilliseconds() -> Int64 {
            var time = timeval()
            gettimeofday(&time, nil)
            return Int64(time.tv_sec) * 1000 + Int64(time.tv_usec) / 1000
        }

        /// One `write(2)` of `bytes` (retried on `EINTR`): how many bytes it wrote, which may be
        /// fewer than given (a disk that fills up takes what fits). Throws when it wrote none.
        package static func writeSome(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int
        {
            guard !bytes.isEmpty else { return 0 }
            return try retrying("write") { systemWrite(fd, bytes.baseAddress, bytes.count) }
        }

        /// `ftruncate(fd, size)`: cuts the open file back to `size` bytes.
        package static func truncate(_ fd: Int32, toSize size: Int64) throws(SystemError) {
            try retrying("ftruncate") { ftruncate(fd, off_t(size)) }
        }

        /// `pread`: at most `count` bytes from `offset`, leaving the file position alone; empty
        /// at the end of the file.
        package static func read(_ fd: Int32, at offset: Int64, upTo count: Int) throws(SystemError)
            -> [UInt8]
        {
            guard count > 0 else { return [] }
            var buffer = [UInt8](repeating: 0, count: count)
            let got = try retrying("pread") {
                buffer.withUnsafeMutableBytes { raw in pread(fd, raw.baseAddress, raw.count, off_t(offset)) }
            }
            return Array(buffer.prefix(got))
        }
    }

    extension Platform {
        /// Linux: `fcntl(F_SETPIPE_SZ)`, asking for a pipe that holds `bytes` (the kernel rounds
        /// up to pages and caps it at `/proc/sys/fs/pipe-max-size`, 1 MiB by default; a refusal,
        /// such as a user past `pipe-user-pages-soft`, leaves the pipe as it was). Pages are
        /// taken only as data fills them. Elsewhere nothing: the pipe keeps its size.
        package static func enlargePipe(_ fd: Int32, toBytes bytes: Int) {
            #if os(Linux)
                let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, which Glibc declares for _GNU_SOURCE only
                _ = fcntl(fd, setPipeSize, Int32(clamping: bytes))
            #endif
        }
    }

    /// The C library's `write`, which `Platform.write` shadows.
    private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
        write(fd, pointer, count)
    }
#endif
