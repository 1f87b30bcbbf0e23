#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// A file holding `bytes` that has no name in any directory (link count 0), open for
        /// reading and writing and close-on-exec: a spawn passes it on only when it is listed to
        /// inherit. On Linux a `memfd_create` file, which never has a name. Elsewhere (macOS,
        /// FreeBSD, whose memory files report a link count above 0) and where the kernel has no
        /// memfd, a file made with `mkstemp` (mode 0600, a new random name) in the temporary
        /// directory and unlinked at once: it has a name only between those two calls.
        package static func anonymousFile(containing bytes: [UInt8]) throws(SystemError) -> Int32 {
            var fd = dk_memfd_create("daemoniker-state")
            if fd < 0 {
                // ENOSYS: no memfd on this OS or kernel; EPERM: a sandbox forbids it.
                guard errno == ENOSYS || errno == EPERM else { throw SystemError("memfd_create") }
                fd = try unlinkedTemporaryFile()
            }
            do {
                try write(fd, bytes)
            } catch {
                close(fd)
                throw error
            }
            return fd
        }

        /// A new file from `mkostemp` in the temporary directory, close-on-exec from the start
        /// (so no other thread's child inherits it), already unlinked.
        private static func unlinkedTemporaryFile() throws(SystemError) -> Int32 {
            let base = temporaryDirectory
            let pattern = (base.hasSuffix("/") ? base : base + "/") + "daemoniker-state-XXXXXX"
            var template = Array(pattern.utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { dk_make_temporary($0) } ?? -1
            }
            if fd < 0 { throw SystemError("mkostemp \(pattern)") }
            let name = template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let path = String(decoding: name, as: UTF8.self)
            do {
                try unlink(path)
            } catch {
                close(fd)
                throw error
            }
            return fd
        }
    }
#endif
