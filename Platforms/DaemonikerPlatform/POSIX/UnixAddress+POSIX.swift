#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension Platform {
        /// The bytes of the `sockaddr_un` for `path`, as long as `bind`, `connect` and `sendto` are
        /// to be told: a filesystem path with its terminating NUL, or, for `@name`, Linux's
        /// abstract address (a NUL, then `name`, exactly: an abstract name's length is part of
        /// it). Nil when `path` is empty or does not fit (`sun_path` holds 108 bytes on Linux,
        /// 104 on Darwin and the BSDs, the NUL included). The one place a `sockaddr_un` is made:
        /// the service manager's socket (`NotifySocket`), the keeper's (`NotifyListener`) and
        /// ``unixStreamAddress(_:)`` all use it.
        static func unixSocketAddress(_ path: String) -> [UInt8]? {
            var bytes = Array(path.utf8)
            var storage = sockaddr_un()
            guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: storage.sun_path),
                let offset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)
            else {
                return nil
            }
            let abstract = bytes[0] == UInt8(ascii: "@")
            if abstract { bytes[0] = 0 }
            storage.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &storage.sun_path) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            let length = offset + bytes.count + (abstract ? 0 : 1)
            return withUnsafeBytes(of: &storage) { Array($0.prefix(length)) }
        }

        /// Calls `body` with `bytes` (a `sockaddr`'s) copied into properly aligned storage, and
        /// their length; -1 with `EINVAL` when they do not fit in a `sockaddr_storage`.
        static func withSocketAddress(
            _ bytes: [UInt8], _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32
        ) -> Int32 {
            var storage = sockaddr_storage()
            guard bytes.count <= MemoryLayout<sockaddr_storage>.size else {
                errno = EINVAL
                return -1
            }
            withUnsafeMutableBytes(of: &storage) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(bytes.count)) }
            }
        }
    }
#endif
