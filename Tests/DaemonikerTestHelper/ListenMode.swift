// `listen --dir DIR`: a program that does not daemonize and receives its listening sockets with
// ListeningSockets (as one started by `daemoniker start --listen` or a systemd socket unit).
import Daemoniker

#if canImport(Glibc)
    import Glibc
#endif

/// Writes DIR/listening.txt: "NAME FD cloexec=0|1" per received socket (or "none"), then
/// "env LISTEN_PID=… LISTEN_FDS=… LISTEN_FDNAMES=…" (each "unset" once read), then
/// "again N" (how many a second read finds). Then serves every socket until SIGTERM: each
/// connection gets "NAME PID\n" and is closed.
func runListen(_ arguments: [String]) -> Never {
    guard arguments.count == 2, arguments[0] == "--dir" else {
        writeError("usage: DaemonikerTestHelper listen --dir DIR\n")
        exit(64)
    }
    let sockets = ListeningSockets.received
    var lines = sockets.map { socket in
        "\(socket.name) \(socket.descriptor) cloexec=\(fcntl(socket.descriptor, F_GETFD) & FD_CLOEXEC)"
    }
    if lines.isEmpty { lines.append("none") }
    let variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"].map { name in
        "\(name)=\(getenv(name).map { String(cString: $0) } ?? "unset")"
    }
    lines.append("env " + variables.joined(separator: " "))
    lines.append("again \(ListeningSockets.received.count)")
    writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: "\(arguments[1])/listening.txt")
    var waiting = sockets.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
    while !waiting.isEmpty {
        guard poll(&waiting, nfds_t(waiting.count), -1) > 0 else { continue }
        for (index, entry) in waiting.enumerated() where entry.revents != 0 {
            let connection = accept(entry.fd, nil, nil)
            guard connection >= 0 else { continue }
            let reply = Array("\(sockets[index].name) \(getpid())\n".utf8)
            _ = reply.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            close(connection)
        }
    }
    exit(0)
}
