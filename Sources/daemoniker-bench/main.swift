// Measures how long a signal takes from `PIDFile.send` to the daemon's handler, with the
// sentinel relay off and on:  swift run -c release daemoniker-bench [count]
//
// The daemon's handler writes the monotonic time at which it ran into a pipe it preserved
// from the benchmark; the benchmark subtracts the time just before `send`.
import Daemoniker

#if os(Windows)
    // The benchmark drives the daemon through POSIX pipes and posix_spawn; on Windows it says so.
    import WinSDK

    print("daemoniker-bench measures the POSIX signal path; it does not run on Windows")
    ExitProcess(2)
#else
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    func now() -> Int64 {
        var time = timespec()
        #if canImport(Darwin)
            clock_gettime(_CLOCK_MONOTONIC, &time)  // Darwin's CLOCK_MONOTONIC macro is not imported.
        #else
            clock_gettime(CLOCK_MONOTONIC, &time)
        #endif
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    func fail(_ message: String) -> Never {
        print("daemoniker-bench: \(message)")
        exit(1)
    }

    /// The daemon side: report each SIGUSR1's handling time on the preserved descriptor.
    func runDaemon(fd: Int32, pidFile: String, relay: Bool) -> Never {
        let daemon = Daemoniker(pidFile: pidFile, preservedDescriptors: [fd], signalRelay: relay).daemonize()
        do {
            try daemon.onSignal(.user1) { _ in
                var stamp = now()
                _ = withUnsafeBytes(of: &stamp) { write(fd, $0.baseAddress, $0.count) }
            }
        } catch {
            daemon.fail(error)
        }
        while true { pause() }
    }

    /// The measuring side: start a daemon, send `count` signals one after another, stop it.
    func measure(relay: Bool, count: Int) -> [Int64] {
        var template = Array("/tmp/dk-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { fail("cannot create a temporary directory") }
        let directory = String(
            decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = made
        let pidFile = "\(directory)/bench.pid"
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fail("pipe failed") }
        let executable = CommandLine.arguments[0]
        let arguments = [executable, "daemon", "\(fds[1])", pidFile, relay ? "relay" : "direct"]
        var argv = arguments.map { strdup($0) } + [nil]
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, nil, nil, &argv, environ) == 0 else {
            fail("cannot start \(executable)")
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else { fail("the daemon did not start (status \(status))") }
        close(fds[1])

        var samples: [Int64] = []
        var stamp: Int64 = 0
        for index in 0..<(count + 20) {
            let start = now()
            do {
                try PIDFile(pidFile).send(.user1)
            } catch {
                fail("send: \(error)")
            }
            let got = withUnsafeMutableBytes(of: &stamp) { read(fds[0], $0.baseAddress, $0.count) }
            guard got == 8 else { fail("the daemon stopped answering") }
            if index >= 20 { samples.append(stamp - start) }  // The first 20 warm up.
        }
        _ = try? PIDFile(pidFile).stop()
        close(fds[0])
        rmdir(directory)
        return samples.sorted()
    }

    func describe(_ sorted: [Int64]) -> String {
        func at(_ fraction: Double) -> Double {
            Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1000
        }
        return "median \(at(0.5)) µs, p99 \(at(0.99)) µs, max \(Double(sorted.last ?? 0) / 1000) µs"
    }

    let arguments = CommandLine.arguments
    if arguments.count == 5, arguments[1] == "daemon", let fd = Int32(arguments[2]) {
        runDaemon(fd: fd, pidFile: arguments[3], relay: arguments[4] == "relay")
    }
    let count = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
    print("send → handler latency over \(count) SIGUSR1, one after another (\(count) each):")
    print("  relay off: \(describe(measure(relay: false, count: count)))")
    print("  relay on:  \(describe(measure(relay: true, count: count)))")
#endif
