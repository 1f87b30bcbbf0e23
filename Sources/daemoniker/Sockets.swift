#if !os(Windows)
    import DaemonikerPlatform

    /// The socket calls the readiness probes make: each connects, looks, and closes again.
    enum Sockets {
        #if os(Linux)
            /// `SOCK_STREAM` as `socket` takes it.
            static let stream = Int32(SOCK_STREAM.rawValue)
            /// `SOCK_DGRAM` as `socket` takes it.
            static let datagram = Int32(SOCK_DGRAM.rawValue)
        #else
            /// `SOCK_STREAM` as `socket` takes it.
            static let stream = SOCK_STREAM
            /// `SOCK_DGRAM` as `socket` takes it.
            static let datagram = SOCK_DGRAM
        #endif

        /// One address a name resolved to: what `socket` and `connect` take.
        struct Address: Sendable {
            var family: Int32
            var type: Int32
            var proto: Int32
            /// The `sockaddr`'s bytes.
            var bytes: [UInt8]
        }

        /// The stream addresses of `host`:`port`, resolved once (name lookup has no deadline of
        /// its own, so it happens before the program starts); the lookup's error text otherwise.
        static func resolve(host: String, port: String) -> Result<[Address], ResolveError> {
            var hints = addrinfo()
            hints.ai_socktype = stream
            hints.ai_family = AF_UNSPEC
            hints.ai_flags = AI_NUMERICSERV
            var list: UnsafeMutablePointer<addrinfo>?
            let result = getaddrinfo(host, port, &hints, &list)
            guard result == 0 else {
                return .failure(ResolveError(text: String(cString: gai_strerror(result))))
            }
            defer { freeaddrinfo(list) }
            var addresses: [Address] = []
            var entry = list
            while let current = entry {
                entry = current.pointee.ai_next
                guard let raw = current.pointee.ai_addr else { continue }
                let bytes = UnsafeRawBufferPointer(start: raw, count: Int(current.pointee.ai_addrlen))
                addresses.append(
                    Address(
                        family: current.pointee.ai_family, type: current.pointee.ai_socktype,
                        proto: current.pointee.ai_protocol, bytes: Array(bytes)))
            }
            return addresses.isEmpty ? .failure(ResolveError(text: "no stream address")) : .success(addresses)
        }

        /// A failed name lookup.
        struct ResolveError: Error, CustomStringConvertible {
            /// `gai_strerror`'s text.
            var text: String
            var description: String { text }
        }

        /// A connected stream socket to one of `addresses` (non-blocking), or nil once `deadline`
        /// (monotonic milliseconds) has passed without one.
        static func connect(_ addresses: [Address], deadline: Int64) -> Int32? {
            for address in addresses {
                if let fd = connect(address, deadline: deadline) { return fd }
            }
            return nil
        }

        /// Whether a stream connection to the Unix-domain socket at `path` succeeds before
        /// `deadline`.
        static func connectsUnix(_ path: String, deadline: Int64) -> Bool {
            guard let (address, length) = unixAddress(path) else { return false }
            let bytes = withUnsafeBytes(of: address) { Array($0.prefix(Int(length))) }
            guard
                let fd = connect(
                    Address(family: AF_UNIX, type: stream, proto: 0, bytes: bytes), deadline: deadline)
            else { return false }
            close(fd)
            return true
        }

        /// The status code of a plain-HTTP/1.0 `GET path` to one of `addresses`, or nil when none
        /// came before `deadline`.
        static func httpStatus(_ addresses: [Address], hostHeader: String, path: String, deadline: Int64)
            -> Int?
        {
            guard let fd = connect(addresses, deadline: deadline) else { return nil }
            defer { close(fd) }
            let request = Array(
                "GET \(path) HTTP/1.0\r\nHost: \(hostHeader)\r\nUser-Agent: daemoniker\r\nConnection: close\r\n\r\n"
                    .utf8)
            var sent = 0
            while sent < request.count {
                guard wait(fd, for: Int16(POLLOUT), until: deadline) else { return nil }
                let count = request.withUnsafeBytes { raw in
                    send(fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, noSignal)
                }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                guard count > 0 else { return nil }
                sent += count
            }
            var answer: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64)
            while answer.count < 64, !answer.contains(UInt8(ascii: "\n")) {
                guard wait(fd, for: Int16(POLLIN), until: deadline) else { return nil }
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                guard count > 0 else { break }
                answer += buffer.prefix(count)
            }
            // "HTTP/1.1 200 OK"
            let line = String(
                decoding: answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") },
                as: UTF8.self)
            let parts = line.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
            return Int(parts[1])
        }

        /// A non-blocking connect to `address`, waiting for it until `deadline`.
        private static func connect(_ address: Address, deadline: Int64) -> Int32? {
            let fd = socket(address.family, address.type, address.proto)
            guard fd >= 0 else { return nil }
            Platform.setCloseOnExec(fd, true)
            Platform.setNonBlocking(fd, true)
            #if !os(Linux)
                var on: Int32 = 1
                _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let result = address.bytes.withUnsafeBytes { raw in
                raw.withMemoryRebound(to: sockaddr.self) { pointer in
                    systemConnect(fd, pointer.baseAddress, socklen_t(raw.count))
                }
            }
            if result == 0 { return fd }
            guard errno == EINPROGRESS || errno == EINTR, wait(fd, for: Int16(POLLOUT), until: deadline)
            else {
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
        /// `deadline`; whether it has.
        private static func wait(_ fd: Int32, for events: Int16, until deadline: Int64) -> Bool {
            while true {
                let left = deadline - Platform.monotonicMilliseconds()
                guard left > 0 else { return false }
                var entry = pollfd(fd: fd, events: events, revents: 0)
                let result = poll(&entry, 1, Int32(min(left, 1000)))
                if result > 0 { return true }
                if result < 0, errno != EINTR { return false }
            }
        }

        #if os(Linux)
            /// `send`'s flag against `SIGPIPE` (elsewhere the socket has `SO_NOSIGPIPE`).
            private static let noSignal = Int32(MSG_NOSIGNAL)
        #else
            private static let noSignal: Int32 = 0
        #endif

        /// A `sockaddr_un` for `path` (`@name`: Linux's abstract namespace) and its length.
        static func unixAddress(_ path: String) -> (sockaddr_un, socklen_t)? {
            var bytes = Array(path.utf8)
            var storage = sockaddr_un()
            guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else {
                return nil
            }
            let abstract = bytes[0] == UInt8(ascii: "@")
            if abstract { bytes[0] = 0 }
            storage.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &storage.sun_path) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            let offset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
            let length = abstract ? offset + bytes.count : MemoryLayout<sockaddr_un>.size
            return (storage, socklen_t(length))
        }
    }

    /// The C library's `connect`, which the methods above shadow.
    private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>?, _ length: socklen_t) -> Int32
    {
        connect(fd, address, length)
    }
#endif
