import Daemoniker
import DaemonikerTestSupport
import Foundation
import Testing

/// The service manager's protocol, spoken to a real datagram socket standing in for systemd:
/// status, reload, failure, timeouts, the watchdog; the s6/dinit readiness descriptor; socket
/// activation across every strategy.
@Suite struct ServiceManagerTests {
    /// A foreground daemon under `listener`, its report read and its `READY=1` received.
    func startUnder(
        _ listener: DatagramListener, _ arguments: [String], in directory: TestDirectory,
        environment: [String: String?] = [:]
    ) throws -> (HelperRun, Report) {
        var environment = environment
        environment["NOTIFY_SOCKET"] = listener.address
        let run = try HelperRun(
            ["--strategy", "foreground", "--pid-file", directory.file("d.pid")] + arguments, in: directory,
            environment: environment)
        let report = try run.report()
        return (run, report)
    }

    /// The next message that is not an `EXTEND_TIMEOUT_USEC=` or `WATCHDOG=1`.
    func nextMessage(_ listener: DatagramListener) throws -> String {
        while true {
            let message = try listener.receive()
            if !message.hasPrefix("EXTEND_TIMEOUT_USEC=") && message != "WATCHDOG=1" { return message }
        }
    }

    func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    @Test(arguments: [false, true])
    func statusAndAReloadAroundAHangup(handled: Bool) throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let (run, report) = try startUnder(
            listener, ["--status", "serving"] + (handled ? ["--handle", "HUP"] : []), in: directory)
        defer { run.finish(killing: [report.pid]) }
        #expect(try nextMessage(listener) == "READY=1\nMAINPID=\(report.pid)")
        #expect(try nextMessage(listener) == "STATUS=serving")

        let before = monotonicMicroseconds()
        kill(report.pid, SIGHUP)
        let reloading = try nextMessage(listener)
        let after = monotonicMicroseconds()
        let lines = reloading.split(separator: "\n")
        #expect(lines.first == "RELOADING=1", "got \(reloading)")
        let stamp = lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) }
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect(stamp.map { $0 >= before && $0 <= after } == true, "\(reloading) not in \(before)...\(after)")
        #expect(try nextMessage(listener) == "READY=1")
        if handled {
            // The handler ran between the two messages, and the log says so.
            let logged = try waitFor("the hangup handler") { directory.read("signals.log") }
            #expect(logged.contains("handler SIGHUP"))
        }
        kill(report.pid, SIGTERM)
        #expect(try nextMessage(listener) == "STOPPING=1")
        #expect(try run.launcherEnding() == .killed(by: SIGTERM))
    }

    @Test func aHangupBeforeReadyTellsTheManagerNothing() throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let go = directory.file("go")
        let (run, report) = try startUnder(listener, ["--manual-ready", "--ready-when", go], in: directory)
        defer { run.finish(killing: [report.pid]) }
        #expect(try listener.receive().hasPrefix("EXTEND_TIMEOUT_USEC="))
        kill(report.pid, SIGHUP)
        // Neither RELOADING=1 nor the READY=1 that ends a reload: that would end the start.
        #expect(throws: DeadlineExceeded.self) { try listener.receive(seconds: 0.5) }
        #expect(FileManager.default.createFile(atPath: go, contents: nil))
        #expect(try listener.receive() == "READY=1\nMAINPID=\(report.pid)")
    }

    @Test func aFailureIsToldWithItsErrorNumber() throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let run = try HelperRun(
            ["--strategy", "foreground", "--stdout", "append:\(directory.file("missing/out.log"))"],
            in: directory, environment: ["NOTIFY_SOCKET": listener.address])
        defer { run.finish() }
        let message = try nextMessage(listener)
        #expect(message.hasPrefix("STATUS=standard output file \(directory.file("missing/out.log"))"))
        #expect(message.hasSuffix("\nERRNO=\(ENOENT)"), "got \(message)")
        #expect(try run.launcherExit() == 2)
    }

    @Test func aDaemonThatFailsSaysWhyAndStopsOnce() throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let run = try HelperRun(
            [
                "--strategy", "foreground", "--pid-file", directory.file("d.pid"), "--manual-ready",
                "--fail-before-ready",
            ],
            in: directory, environment: ["NOTIFY_SOCKET": listener.address])
        defer { run.finish() }
        #expect(try listener.receive().hasPrefix("EXTEND_TIMEOUT_USEC="))
        #expect(try listener.receive().hasPrefix("STATUS=the helper daemon was told to fail"))
        #expect(try listener.receive() == "STOPPING=1")
        #expect(throws: DeadlineExceeded.self) { try listener.receive(seconds: 0.5) }
        #expect(try run.launcherExit() == 1)
        #expect(!directory.exists("d.pid"))
    }

    @Test func theStartTimeoutIsExtendedToTheReadinessTimeoutBeforeSetup() throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let (run, report) = try startUnder(listener, ["--timeout-ms", "120000"], in: directory)
        defer { run.finish(killing: [report.pid]) }
        #expect(try listener.receive() == "EXTEND_TIMEOUT_USEC=120000000")
        #expect(try listener.receive() == "READY=1\nMAINPID=\(report.pid)")
    }

    @Test func theWatchdogIsFedAtHalfItsIntervalWhenItWatchesThisProcess() throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let (run, report) = try startUnder(
            listener, ["--claim-watchdog-pid"], in: directory, environment: ["WATCHDOG_USEC": "400000"])
        defer { run.finish(killing: [report.pid]) }
        _ = try listener.receive()  // EXTEND_TIMEOUT_USEC
        #expect(try listener.receive() == "READY=1\nMAINPID=\(report.pid)")
        // Past the keep-alives already queued: one that took a while to come is fresh.
        var start = Date()
        while true {
            #expect(try listener.receive(seconds: 2) == "WATCHDOG=1")
            if Date().timeIntervalSince(start) > 0.05 { break }
            start = Date()
        }
        start = Date()
        for _ in 0..<4 { #expect(try listener.receive(seconds: 2) == "WATCHDOG=1") }
        // Every 200 ms (half of 400 ms), not every 400 ms.
        let average = Date().timeIntervalSince(start) / 4
        #expect(average > 0.15 && average < 0.38, "keep-alives came every \(average) s")
    }

    @Test func theWatchdogOfAnotherProcessIsNotFed() throws {
        let directory = try TestDirectory()
        let listener = try DatagramListener(path: directory.file("notify"))
        let (run, report) = try startUnder(
            listener, ["--status", "up"], in: directory,
            environment: ["WATCHDOG_USEC": "100000", "WATCHDOG_PID": "1"])
        defer { run.finish(killing: [report.pid]) }
        _ = try listener.receive()  // EXTEND_TIMEOUT_USEC
        #expect(try listener.receive() == "READY=1\nMAINPID=\(report.pid)")
        #expect(try listener.receive() == "STATUS=up")
        // Six intervals of the watchdog's pace pass without a keep-alive.
        #expect(throws: DeadlineExceeded.self) { try listener.receive(seconds: 0.6) }
    }

    @Test(arguments: ["fork", "relaunch", "foreground"])
    func theReadinessDescriptorGetsANewlineAtReady(strategy: String) throws {
        let directory = try TestDirectory()
        let fifo = directory.file("ready.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reading end first, so that the program's shell can open the writing end.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        #expect(reader >= 0)
        defer { close(reader) }
        let command =
            "exec 7>'\(fifo)'; exec '\(helperPath)' daemon --dir '\(directory.path)' --strategy \(strategy) --pid-file '\(directory.file("d.pid"))' --readiness-fd 7"
        let run = try HelperRun([], in: directory, command: ["/bin/sh", "-c", command])
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        var received: [UInt8] = []
        // A newline, then end of file: every holder of the writing end closed it (the daemon
        // after writing; a launcher by exiting).
        try waitFor("the newline and the end of the readiness descriptor") { () -> Bool? in
            var buffer = [UInt8](repeating: 0, count: 16)
            let count = read(reader, &buffer, buffer.count)
            if count > 0 { received += buffer.prefix(count) }
            return count == 0 && !received.isEmpty ? true : nil
        }
        #expect(received == [UInt8(ascii: "\n")])
        #expect(directory.read("d.pid") == "\(report.pid)\n")
    }

    @Test func aReadinessDescriptorThatIsNotOpenIsRefused() throws {
        let directory = try TestDirectory()
        let run = try HelperRun(["--strategy", "fork", "--readiness-fd", "200"], in: directory)
        defer { run.finish() }
        #expect(try run.launcherExit() == 2)
        #expect(run.launcherError.contains("readiness descriptor 200 is not open"))
    }

    @Test(arguments: ["fork", "relaunch", "foreground"])
    func activatedSocketsReachTheDaemonByName(strategy: String) throws {
        let directory = try TestDirectory()
        let socketPath = directory.file("web.sock")
        // A stand-in for systemd's socket activation: the listening socket at descriptor 3 and
        // LISTEN_PID naming the program itself (exec keeps the pid).
        let script = """
            import os, socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(sys.argv[1]); s.listen(8)
            os.dup2(s.fileno(), 3); os.set_inheritable(3, True)
            os.environ.update(LISTEN_PID=str(os.getpid()), LISTEN_FDS="1", LISTEN_FDNAMES="web")
            os.execv(sys.argv[2], sys.argv[2:])
            """
        let run = try HelperRun(
            [], in: directory,
            command: [
                "/usr/bin/env", "python3", "-c", script, socketPath, helperPath, "daemon", "--dir",
                directory.path,
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--report-activated",
            ])
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        let lines = try waitFor("the activated sockets") { directory.read("activated.txt") }
            .split(separator: "\n").map(String.init)
        #expect(lines == ["web 3 \(socketPath)", "listening web 3", "named web 3", "env LISTEN_FDS=unset"])
        if strategy != "foreground" { #expect(try run.launcherExit() == 0) }
        // The launcher is gone; the daemon alone holds the listening socket, and it accepts.
        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(connected == 0, "connect: errno \(errno)")
    }
}
