#if os(Windows)
    // The readiness probes' stream sockets, which only the tool's keeper uses: it does not run on
    // Windows (``Platform/supportsKeeper``), so nothing here connects (no Winsock start-up, no
    // `SOCKET` values, which are not handles carried as `Int32`).
    extension Platform {
        /// Always a failure: name resolution for the keeper's probes is not supported on Windows.
        package static func resolveStreamAddresses(host: String, port: String)
            -> Result<[SocketAddress], ResolutionFailure>
        {
            .failure(
                ResolutionFailure(
                    reason: "resolving \(host) is not supported on Windows"))
        }

        /// Always nil: no Unix-domain sockets for the keeper on Windows.
        package static func unixStreamAddress(_ path: String) -> SocketAddress? { nil }

        /// Always throws (not supported): passing listening sockets to a program would need
        /// `WSADuplicateSocket` and a protocol of its own, which the keeper does not have.
        package static func listenStream(_ address: SocketAddress) throws(SystemError) -> Int32 {
            throw notSupported("listen on a socket for a program (Windows has no socket activation)")
        }

        /// Always nil: the keeper's probes do not connect on Windows.
        package static func connectStream(_ addresses: [SocketAddress], deadline: Int64) -> Int32? { nil }

        /// Always false: no socket is ever connected on Windows.
        package static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: Int64) -> Bool { false }

        /// Always nil: no socket is ever connected on Windows.
        package static func receive(_ fd: Int32, upTo count: Int, deadline: Int64) -> [UInt8]? { nil }
    }
#endif
