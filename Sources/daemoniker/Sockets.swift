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

        /// A connected stream socket to `host`:`port`, or nil; sends and receives time out after
        /// a second, so that a probe never hangs.
        static func connectTCP(host: String, port: String) -> Int32? {
            var hints = addrinfo()
            hints.ai_socktype = stream
            hints.ai_family = AF_UNSPEC
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, port, &hints, &list) == 0 else { return nil }
            defer { freeaddrinfo(list) }
            var entry = list
            while let current = entry {
                entry = current.pointee.ai_next
                let fd = socket(
                    current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
                guard fd >= 0 else { continue }
                Platform.setCloseOnExec(fd, true)
                limitWaits(fd)
                if connect(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return fd }
                close(fd)
            }
            return nil
        }

        /// Whether a stream connection to the Unix-domain socket at `path` succeeds.
        static func connectsUnix(_ path: String) -> Bool {
            guard let (address, length) = unixAddress(path) else { return false }
            let fd = socket(AF_UNIX, stream, 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            Platform.setCloseOnExec(fd, true)
            limitWaits(fd)
            var storage = address
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) == 0 }
            }
        }

        /// The status code of a plain-HTTP/1.0 `GET path` to `host`:`port`, or nil.
        static func httpStatus(host: String, port: String, path: String) -> Int? {
            guard let fd = connectTCP(host: host, port: port) else { return nil }
            defer { close(fd) }
            let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            let request =
                "GET \(path) HTTP/1.0\r\nHost: \(hostHeader)\r\nUser-Agent: daemoniker\r\nConnection: close\r\n\r\n"
            guard (try? Platform.write(fd, Array(request.utf8))) != nil else { return nil }
            var answer: [UInt8] = []
            while answer.count < 64, !answer.contains(UInt8(ascii: "\n")) {
                guard let bytes = try? Platform.read(fd, upTo: 64), !bytes.isEmpty else { break }
                answer += bytes
            }
            // "HTTP/1.1 200 OK"
            let line = String(
                decoding: answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") },
                as: UTF8.self)
            let parts = line.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
            return Int(parts[1])
        }

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

        /// Makes sends, receives and (on Linux) connects on `fd` give up after a second.
        private static func limitWaits(_ fd: Int32) {
            var limit = timeval()
            limit.tv_sec = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        }
    }
#endif
