import DaemonikerPlatform

extension ListenAddress {
    /// Binds a socket to this address and listens on it (``BoundSocket``; close-on-exec).
    ///
    /// TCP: the first address `HOST` resolves to, with `SO_REUSEADDR`. Unix: the path is made
    /// absolute; its directory must not be writable by any user but its owner, who must be this
    /// user or root (no exemption for a sticky directory such as /tmp: another user could create
    /// the name first, and clients would connect to that user's socket); a file already there
    /// must be a socket nobody listens on any more (one left by an earlier run), which is then
    /// replaced; anything else there is refused, never removed. Throws
    /// `DaemonikerError` `.invalidConfiguration` naming the address, the cause and the fix
    /// ("tcp:127.0.0.1:8080: address already in use; stop what listens there or choose another
    /// port"). Windows: fails, not supported.
    package func bind() throws(DaemonikerError) -> BoundSocket {
        switch endpoint {
        case .tcp(let host, let port):
            return try bindTCP(host: host, port: port)
        case .unix(let path):
            return try bindUnix(path: Platform.absolutePath(path))
        }
    }

    /// Binds each of `addresses` in order. When one fails, the ones already bound are closed
    /// (their socket files removed) before the error is thrown, so that nothing is left.
    package static func bindAll(_ addresses: [ListenAddress]) throws(DaemonikerError) -> [BoundSocket] {
        var bound: [BoundSocket] = []
        for address in addresses {
            do {
                bound.append(try address.bind())
            } catch {
                for socket in bound { socket.close() }
                throw error
            }
        }
        return bound
    }

    private func refuse(_ cause: String, _ fix: String) -> DaemonikerError {
        DaemonikerError(.invalidConfiguration, "\(description): \(cause); \(fix)")
    }

    private func refuse(_ error: SystemError, tcp: Bool) -> DaemonikerError {
        if error.isNotSupported {
            return refuse(
                "listening sockets passed to a program are not supported on \(Platform.name)",
                "let the program listen itself")
        }
        if error.isAddressInUse {
            return refuse(
                "address already in use",
                tcp
                    ? "stop what listens there or choose another port"
                    : "stop what listens there or choose another path")
        }
        if error.isAddressUnavailable {
            return refuse(
                "the host is not an address of this machine",
                "choose one of its addresses (127.0.0.1, or 0.0.0.0 and [::] for all of them)")
        }
        if error.isPermissionDenied {
            return tcp
                ? refuse(
                    "permission denied (\(error.operation))",
                    "ports below 1024 need root or CAP_NET_BIND_SERVICE: start as root (the program may still run as another user) or choose a port from 1024 up"
                )
                : refuse(
                    "permission denied (\(error.operation))",
                    "choose a directory this user may create files in")
        }
        return refuse("\(error.operation) failed: \(error.reason)", "check the address")
    }

    private func bindTCP(host: String, port: UInt16) throws(DaemonikerError) -> BoundSocket {
        let addresses: [SocketAddress]
        switch Platform.resolveStreamAddresses(host: host, port: "\(port)") {
        case .success(let found):
            addresses = found
        case .failure(let failure):
            throw refuse(
                "cannot resolve \(host): \(failure.reason)",
                "use a numeric address or a name this machine resolves")
        }
        guard let first = addresses.first else {
            throw refuse("\(host) resolves to no address", "use a numeric address")
        }
        do {
            return BoundSocket(address: self, descriptor: try Platform.listenStream(first))
        } catch {
            throw refuse(error, tcp: true)
        }
    }

    private func bindUnix(path: String) throws(DaemonikerError) -> BoundSocket {
        guard let socketAddress = Platform.unixStreamAddress(path) else {
            throw refuse("the path is too long for a socket address", "choose a shorter path")
        }
        try checkDirectory(of: path)
        if let existing = try? Platform.info(ofPath: path) {
            guard existing.isSocket else {
                throw refuse(
                    "\(path) exists and is not a socket; refusing to replace it",
                    "remove it or choose another path")
            }
            if let connected = Platform.connectStream(
                [socketAddress], deadline: Platform.monotonicMilliseconds() + 1000)
            {
                Platform.close(connected)
                throw refuse("a process listens on \(path) already", "stop it or choose another path")
            }
            // A socket nobody listens on: what an earlier run left behind.
            do {
                try Platform.unlink(path)
            } catch {
                throw refuse(
                    "cannot remove the stale socket \(path): \(error.reason)",
                    "remove it or choose another path")
            }
        }
        let fd: Int32
        do {
            fd = try Platform.listenStream(socketAddress)
        } catch {
            throw refuse(error, tcp: false)
        }
        return BoundSocket(
            address: self, descriptor: fd, createdPath: path, createdInfo: try? Platform.info(ofPath: path))
    }

    /// Refuses a directory another user could replace the socket in.
    private func checkDirectory(of path: String) throws(DaemonikerError) {
        let directory = Platform.directory(of: path)
        let info: FileInfo
        do {
            info = try Platform.info(ofPath: Platform.resolvedPath(directory) ?? directory)
        } catch {
            throw error.isNotFound
                ? refuse(
                    "the directory \(directory) does not exist", "create it (writable only by its owner)")
                : refuse("cannot inspect the directory \(directory): \(error.reason)", "check its path")
        }
        guard info.isDirectory else {
            throw refuse("\(directory) is not a directory", "choose a path in a directory")
        }
        if info.permissions & 0o022 != 0 {
            throw refuse(
                "the directory \(directory) can be written by other users (mode 0\(String(info.permissions, radix: 8))), who could put their own socket in its place",
                "use a directory only its owner can write (chmod go-w \(directory)), such as /run/NAME")
        }
        if info.owner != 0, info.owner != Platform.effectiveUserID {
            throw refuse(
                "the directory \(directory) belongs to another user (uid \(info.owner)), who could put their own socket in its place",
                "use a directory owned by this user or root")
        }
    }
}
