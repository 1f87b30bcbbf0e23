// A program that never daemonizes, for the tests of signal handling on its own: it handles
// SIGUSR1 with a closure, SIGUSR2 through a SignalSequence, SIGWINCH through a Dispatch signal
// source (the way swift-service-lifecycle listens), SIGALRM with a plain C handler installed
// first and a closure installed after it, reopens its log on SIGHUP and exits cleanly on
// SIGTERM, removing the pid file it locked. Each delivery is a line in DIR/signals.log.
//
// usage: DaemonikerSignalsHelper DIR [--relay]   (--relay: signals arrive through the sentinel relay)
import Daemoniker
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

let directory = CommandLine.arguments.dropFirst().first ?? "."

/// Appends `line` to DIR/signals.log (opened anew each time, so the test sees it at once).
func record(_ line: String) {
    let fd = open(directory + "/signals.log", O_WRONLY | O_APPEND | O_CREAT, 0o644)
    guard fd >= 0 else { return }
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

/// Dispatch's way, as swift-service-lifecycle does it: ignore the signal, then let a source on
/// a global queue report it (outside top-level code, so the handler is not main-actor code).
nonisolated func listenWithDispatch() -> any DispatchSourceSignal {
    signal(SIGWINCH, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
    source.setEventHandler { record("dispatch SIGWINCH") }
    source.resume()
    // Dispatch installs its handler on its own thread after resume returns; until then the
    // signal is still ignored and would be lost. Ready only once it is in place (up to 5 s).
    for _ in 0..<5000 {
        var current = sigaction()
        sigaction(SIGWINCH, nil, &current)
        if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) > 1 { break }
        usleep(1000)
    }
    return source
}

/// Catches SIGUSR2 from now on, and logs three of them in a task; after that the sequence is
/// gone (nothing else holds it), so SIGUSR2 goes back to its default.
func consumeThree(_ ended: Flag) throws {
    let sequence = try SignalSequence(.user2)
    Task.detached {
        var count = 0
        for await signal in sequence {
            record("sequence \(signal.name)")
            count += 1
            if count == 3 { break }
        }
        ended.value.store(true, ordering: .sequentiallyConsistent)
    }
}

/// The descriptor the plain SIGALRM handler writes to (set once, before it is installed).
nonisolated(unsafe) var plainLog: Int32 = -1

/// A flag one task sets and the main thread reads.
final class Flag: Sendable {
    let value = Atomic(false)
}

/// Whether `signal`'s disposition is the OS default again.
func isSystemDefault(_ signal: Int32) -> Bool {
    var current = sigaction()
    sigaction(signal, nil, &current)
    return current.__sigaction_handler.sa_handler == nil
}

do {
    let lock = try PIDFile(directory + "/standalone.pid").lock()
    if CommandLine.arguments.contains("--relay") { try lock.startSignalRelay() }
    try Signals.openLog(directory + "/out.log", onto: 1)
    try Signals.setAction(.reopenLogs, for: .hangup)
    try Signals.setAction(.cleanExit, for: .terminate)
    try Signals.handle(.user1) { signal in
        record("handler \(signal.name)")
        print("handled \(signal.name)")
        fflush(nil)
    }
    let source = listenWithDispatch()
    // Someone else's plain handler first, then Daemoniker's: both must get the signal.
    plainLog = open(directory + "/signals.log", O_WRONLY | O_APPEND | O_CREAT, 0o644)
    signal(SIGALRM) { _ in
        let line: StaticString = "plain SIGALRM\n"
        _ = write(plainLog, line.utf8Start, line.utf8CodeUnitCount)
    }
    try Signals.handle(.alarm) { signal in record("handler \(signal.name)") }
    let ended = Flag()
    try consumeThree(ended)
    record("ready \(getpid()) \(lock.path)")
    var reported = false
    while true {
        usleep(5_000)
        // Once the sequence is gone, USR2 must be back at the OS default.
        if !reported, ended.value.load(ordering: .sequentiallyConsistent), isSystemDefault(SIGUSR2) {
            record("USR2 default")
            reported = true
        }
        withExtendedLifetime(source) {}
    }
} catch {
    record("error \(error)")
    exit(1)
}
