#if os(Linux)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    extension Platform {
        /// The platform's name for messages.
        package static var name: String { "Linux" }

        /// Linux may detach by forking without exec when the process is single-threaded.
        package static var detachesByForking: Bool { true }

        /// `initgroups`, whose group parameter is a `gid_t` here.
        static func initializeGroups(_ user: String, _ group: UInt32) -> Int32 {
            initgroups(user, gid_t(group))
        }

        /// The monotonic clock.
        static var monotonicClock: clockid_t { CLOCK_MONOTONIC }

        /// A close-on-exec datagram socket's type, set atomically.
        static var datagramSocketType: Int32 { Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) }

        /// A stream socket's type, as `getaddrinfo` and `socket` take it.
        static var streamSocketType: Int32 { Int32(SOCK_STREAM.rawValue) }

        /// What makes `socket` return a close-on-exec descriptor atomically.
        static var socketCloseOnExecFlag: Int32 { Int32(SOCK_CLOEXEC.rawValue) }

        /// `send`'s flag against `SIGPIPE` (Linux has no `SO_NOSIGPIPE`).
        static var sendWithoutSignalFlag: Int32 { Int32(MSG_NOSIGNAL) }

        /// Nothing: on Linux each `send` says `MSG_NOSIGNAL` instead.
        static func suppressBrokenPipeSignal(_ fd: Int32) {}

        /// The caught (`SigCgt`), ignored (`SigIgn`) and blocked (`SigBlk`, its main thread's)
        /// signal masks of process `pid`, from `/proc/PID/status` (bit n - 1 for signal n); nil
        /// when it cannot be read.
        static func signalMasks(of pid: Int32) -> (caught: UInt64, ignored: UInt64, blocked: UInt64)? {
            guard let fd = try? Platform.open("/proc/\(pid)/status", .readOnly, permissions: 0) else {
                return nil
            }
            defer { Platform.close(fd) }
            guard let bytes = try? Platform.contents(fd, upTo: 16384) else { return nil }
            var caught: UInt64?
            var ignored: UInt64?
            var blocked: UInt64?
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == ":" || $0 == "\t" || $0 == " " })
                guard fields.count == 2 else { continue }
                if fields[0] == "SigCgt" { caught = UInt64(fields[1], radix: 16) }
                if fields[0] == "SigIgn" { ignored = UInt64(fields[1], radix: 16) }
                if fields[0] == "SigBlk" { blocked = UInt64(fields[1], radix: 16) }
            }
            guard let caught, let ignored, let blocked else { return nil }
            return (caught, ignored, blocked)
        }

        /// Adds `signal` to `set`, also one the C library keeps for itself (glibc's 32 and 33,
        /// musl's 32 to 34), which `sigaddset` refuses: its bit is set directly, as both lay out a
        /// `sigset_t` (an array of `unsigned long`, bit n - 1 for signal n). `posix_spawn` needs
        /// them in its set of defaults, or it leaves them ignored in the child, across the exec.
        static func addToSignalSet(_ set: inout sigset_t, _ signal: Int32) {
            guard sigaddset(&set, signal) != 0, signal > 0 else { return }
            let index = Int(signal - 1)
            let offset = index / UInt.bitWidth * MemoryLayout<UInt>.size
            withUnsafeMutableBytes(of: &set) { raw in
                guard offset + MemoryLayout<UInt>.size <= raw.count else { return }
                let word = raw.load(fromByteOffset: offset, as: UInt.self)
                raw.storeBytes(of: word | 1 << (index % UInt.bitWidth), toByteOffset: offset, as: UInt.self)
            }
        }
    }
#endif
