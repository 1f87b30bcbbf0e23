// Upgrade options of the daemon mode. Every generation appends to DIR/generations.log:
// "start PID" or "start PID from OLD", "drain PID", "exit PID".
//
//   --accept-upgrades          configuration.acceptsUpgrades
//   --drain-exit               on the drain event: log, wait --drain-ms, exit 0
//   --next-generation FILE     a generation started by an upgrade reads FILE before it reports
//                              ready: "exit" exits 3, "crash" dies of SIGSEGV, "never" never
//                              reports ready, "fail" fails, "slow:MS" waits MS first
//   --listen ADDR              configuration.listen (repeatable)
//   --serve                    answer each connection on every listening socket with "PID\n";
//                              on the drain event, stop accepting (close its descriptors) first
import Daemoniker
import DaemonikerTestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

struct UpgradeOptions {
    var drainExit = false
    var drainMilliseconds: UInt32 = 0
    var nextGeneration: String?
    var serve = false
}

/// Whether this generation has been told to drain (its accept loops then close their sockets).
let draining = Atomic(false)
/// The accept loops still running: the drain waits for them (a connection accepted is answered).
let activeServers = Atomic(0)

/// Answers every connection on `fd` with this process's pid until the drain event, then closes
/// `fd` (the socket itself stays open in the new generation) and logs "closed PID".
func serve(_ fd: Int32, dir: String) {
    var thread = pthread_t()
    activeServers.add(1, ordering: .sequentiallyConsistent)
    let box = Unmanaged.passRetained(Box(fd: fd, dir: dir)).toOpaque()
    pthread_create(
        &thread, nil,
        { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            let reply = Array("\(getpid())\n".utf8)
            defer { activeServers.subtract(1, ordering: .sequentiallyConsistent) }
            while !draining.load(ordering: .sequentiallyConsistent) {
                var poller = pollfd(fd: box.fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 20) > 0 else { continue }
                let connection = accept(box.fd, nil, nil)
                if connection < 0 { continue }
                _ = reply.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }
            close(box.fd)
            logGeneration("closed \(getpid())", dir: box.dir)
            return nil
        }, box)
}

final class Box {
    let fd: Int32
    let dir: String
    init(fd: Int32, dir: String) {
        self.fd = fd
        self.dir = dir
    }
}

/// Appends `line` to DIR/generations.log in one write.
func logGeneration(_ line: String, dir: String) {
    let fd = open("\(dir)/generations.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

func runUpgradeOptions(_ daemon: Daemon<HelperState>, _ options: UpgradeOptions, dir: String) {
    let pid = getpid()
    logGeneration("start \(pid)" + (daemon.upgradedFrom.map { " from \($0)" } ?? ""), dir: dir)
    if options.serve {
        for socket in daemon.listeningSockets { serve(socket.descriptor, dir: dir) }
    }
    if options.drainExit {
        daemon.onDrain {
            draining.store(true, ordering: .sequentiallyConsistent)
            logGeneration("drain \(pid)", dir: dir)
            for _ in 0..<5000 where activeServers.load(ordering: .sequentiallyConsistent) > 0 { usleep(1000) }
            if options.drainMilliseconds > 0 { usleep(options.drainMilliseconds * 1000) }
            logGeneration("exit \(pid)", dir: dir)
            exit(0)
        }
    }
    guard daemon.upgradedFrom != nil, let path = options.nextGeneration else { return }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = fd >= 0 ? read(fd, &buffer, buffer.count) : 0
    if fd >= 0 { close(fd) }
    let behaviour =
        String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        .split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
    switch behaviour {
    case "exit": _exit(3)
    case "crash":
        signal(SIGSEGV, SIG_DFL)
        raise(SIGSEGV)
    case "never": while true { pause() }
    case "fail":
        daemon.fail(DaemonikerError(.daemonFailed, "the helper's next generation was told to fail"))
    case let slow where slow.hasPrefix("slow:"):
        usleep((UInt32(slow.dropFirst(5)) ?? 0) * 1000)
    default: break
    }
}
