#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    // The stream sockets the tool's readiness probes use: each connects, talks a little, and
    // closes again, never waiting past a deadline (monotonic milliseconds) and never raising
    // SIGPIPE.
    extension Platform {
        /// `getaddrinfo(host, port)` for stream sockets of any family (`AF_UNSPEC`), the port
        /// numeric (`AI_NUMERICSERV`: no service lookup); `gai_strerror`'s text when it fails.
        /// Name lookup has no deadline of its own: resolve before anything waits.
        package static func resolveStreamAddresses(host: String, port: String)
            -> Result<[SocketAddress], ResolutionFailure>
        {
            var hints = addrinfo()
            hints.ai_socktype = streamSocketType
            hints.ai_family = AF_UNSPEC
            hints.ai_flags = AI_NUMERICSERV
            var list: UnsafeMutablePointer<addrinfo>?
            let result = getaddrinfo(host, port, &hints, &list)
            guard result == 0 else {
                let text = gai_strerror(result).map { String(cString: $0) } ?? "error \(result)"
                return .failure(ResolutionFailure(reason: text))
            }
            defer { freeaddrinfo(list) }
            var addresses: [SocketAddress] = []
            var entry = list
            while let current = entry {
                entry = current.pointee.ai_next
                guard let raw = current.pointee.ai_addr else { continue }
                let bytes = UnsafeRawBufferPointer(start: raw, count: Int(current.pointee.ai_addrlen))
                addresses.append(
                    SocketAddress(
                        family: current.pointee.ai_family, type: current.pointee.ai_socktype,
                        proto: current.pointee.ai_protocol, bytes: Array(bytes)))
            }
            guard !addresses.isEmpty else {
                return .failure(ResolutionFailure(reason: "no stream address for \(host)"))
            }
            return .success(addresses)
        }

        /// The Unix-domain stream socket at `path` (`@name`: Linux's abstract namespace); nil
        /// when `path` is empty or too long for `sun_path`.
        package static func unixStreamAddress(_ path: String) -> SocketAddress? {
            guard let bytes = unixSocketAddress(path) else { return nil }
            return SocketAddress(family: AF_UNIX, type: streamSocketType, proto: 0, bytes: bytes)
        }

        /// A non-blocking `connect` to each of `addresses` in turn, until one answers or
        /// `deadline` passes; after `EINPROGRESS` it waits for the socket to be writable, then
        /// asks `SO_ERROR`. The connected descriptor (close-on-exec, non-blocking, no `SIGPIPE`
        /// on write: `SO_NOSIGPIPE`, or `MSG_NOSIGNAL` in ``sendAll(_:_:deadline:)`` on Linux),
        /// or nil.
        package static func connectStream(_ addresses: [SocketAddress], deadline: Int64) -> Int32? {
            for address in addresses {
                if let fd = connectOne(address, deadline: deadline) { return fd }
            }
            return nil
        }

        /// Sends all of `bytes` on the connected socket `fd`, waiting for room until `deadline`;
        /// retries `EINTR` and `EAGAIN`, never raises `SIGPIPE`. Whether all were sent.
        package static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: Int64) -> Bool {
            var sent = 0
            while sent < bytes.count {
                guard waitForEvents(fd, Int16(POLLOUT), until: deadline) else { return false }
                let count = bytes.withUnsafeBytes { raw in
                    send(fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, sendWithoutSignalFlag)
                }
                if count < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }

        /// Receives at most `count` bytes from `fd`, waiting for them until `deadline`; retries
        /// `EINTR` and `EAGAIN`. Empty at end of stream; nil on timeout, error, or a `count` below 1.
        package static func receive(_ fd: Int32, upTo count: Int, deadline: Int64) -> [UInt8]? {
            guard count > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            while true {
                guard waitForEvents(fd, Int16(POLLIN), until: deadline) else { return nil }
                let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if got < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                guard got >= 0 else { return nil }
                return Array(buffer.prefix(got))
            }
        }

        /// A non-blocking connect to `address`, waiting for it until `deadline`.
        private static func connectOne(_ address: SocketAddress, deadline: Int64) -> Int32? {
            let fd = socket(address.family, address.type | socketCloseOnExecFlag, address.proto)
            guard fd >= 0 else { return nil }
            setCloseOnExec(fd, true)
            setNonBlocking(fd, true)
            suppressBrokenPipeSignal(fd)
            let result = withSocketAddress(address.bytes) { pointer, length in
                connect(fd, pointer, length)
            }
            if result == 0 { return fd }
            let code = errno
            let pending = code == EINPROGRESS || code == EINTR
            guard pending, waitForEvents(fd, Int16(POLLOUT), until: deadline) else {
                close(fd)
                return nil
            }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) == 0, failure == 0 else {
                close(fd)
                return nil
            }
            return fd
        }

        /// Waits until `fd` has one of `events` (or an error or hang-up), at most until
        /// `deadline`, in slices of at most a second; whether it has.
        private static func waitForEvents(_ fd: Int32, _ events: Int16, until deadline: Int64) -> Bool {
            while true {
                let left = deadline - monotonicMilliseconds()
                guard left > 0 else { return false }
                var entry = pollfd(fd: fd, events: events, revents: 0)
                let result = systemPoll(&entry, 1, Int32(min(left, 1000)))
                if result > 0 { return true }
                if result < 0, errno != EINTR { return false }
            }
        }
    }

    /// The C library's `poll`, which `Platform.poll(child:)` shadows.
    private func systemPoll(_ entry: UnsafeMutablePointer<pollfd>, _ count: nfds_t, _ timeout: Int32) -> Int32
    {
        poll(entry, count, timeout)
    }
#endif
