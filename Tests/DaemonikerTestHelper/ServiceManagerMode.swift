// What the daemon mode does for the service-manager and coexistence tests: a Dispatch signal
// source for SIGTERM (as swift-service-lifecycle sets one up), and a report of the sockets a
// manager passed.
import Daemoniker
import DaemonikerTestSupport
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

nonisolated(unsafe) private var terminateSource: (any DispatchSourceSignal)?

/// SIGTERM ignored and watched by a Dispatch source, whose handler logs "dispatch TERM" and
/// exits 0 through `exit`, as a program ends after a graceful shutdown.
func handleTerminateWithDispatch(dir: String) {
    signal(SIGTERM, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    source.setEventHandler {
        logSignal("dispatch TERM", dir: dir)
        exit(0)
    }
    source.resume()
    terminateSource = source
    // Dispatch installs its handler on its own thread after resume returns; until then SIGTERM
    // is still ignored and would be lost. The report (the test's go-ahead) waits for it (5 s).
    for _ in 0..<5000 {
        var current = sigaction()
        sigaction(SIGTERM, nil, &current)
        if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) > 1 { break }
        usleep(1000)
    }
}

/// DIR/activated.txt: one line "NAME FD PATH" per activated socket (PATH: the Unix socket's
/// bound path), "listening NAME FD" per listening socket, "named web FD" for the one named web,
/// then "env LISTEN_FDS=<value or unset>".
func reportActivatedSockets(_ daemon: Daemon<HelperState>, dir: String) {
    var lines = daemon.activatedSockets.map { "\($0.name) \($0.descriptor) \(boundPath($0.descriptor))" }
    lines += daemon.listeningSockets.map { "listening \($0.name) \($0.descriptor)" }
    if let web = daemon.listeningSocket(named: "web") { lines.append("named web \(web.descriptor)") }
    lines.append("env LISTEN_FDS=\(getenv("LISTEN_FDS").map { String(cString: $0) } ?? "unset")")
    writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: "\(dir)/activated.txt")
}

private func boundPath(_ fd: Int32) -> String {
    var address = sockaddr_un()
    var length = socklen_t(MemoryLayout<sockaddr_un>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard result == 0 else { return "error\(errno)" }
    return withUnsafeBytes(of: address.sun_path) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}
