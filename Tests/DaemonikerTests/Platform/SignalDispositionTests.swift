// What another process does with a signal, read by `Platform.signalDisposition(of:_:)` from
// /proc (Linux only: elsewhere it is nil).
#if os(Linux)
    import DaemonikerPlatform
    import DaemonikerTestSupport
    import Glibc
    import Testing

    @Suite struct SignalDispositionTests {
        @Test(arguments: [
            ("exec sleep 30", SignalDisposition.byDefault), ("trap '' HUP; exec sleep 30", .ignored),
            ("trap 'echo' HUP; echo ready; while :; do sleep 0.05; done", .caught),
            // Blocked, to be taken later (as a program reading a signalfd does).
            (
                "exec python3 -c 'import signal, time; signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP]); time.sleep(30)'",
                .blocked
            ),
        ])
        func aProgramsHangupIsReadAsItsShellSetIt(_ script: String, _ expected: SignalDisposition) throws {
            let pid = try Platform.spawnChild(
                path: "/bin/sh", arguments: ["sh", "-c", script], environment: ["PATH=/usr/bin:/bin"],
                moves: [])
            defer {
                try? Platform.kill(pid, SIGKILL)
                _ = try? Platform.wait(for: pid)
            }
            // The shell sets the disposition a moment after it starts.
            let seen = try waitFor("pid \(pid) to show \(expected) for SIGHUP") {
                Platform.signalDisposition(of: pid, SIGHUP) == expected ? expected : nil
            }
            #expect(seen == expected)
            #expect(Platform.signalDisposition(of: pid, SIGKILL) == .byDefault)
        }

        @Test func aProcessThatIsGoneHasNoDisposition() throws {
            let pid = try Platform.spawnChild(
                path: "/bin/sh", arguments: ["sh", "-c", "exit 0"], environment: [], moves: [])
            #expect(try Platform.wait(for: pid) == .exited(0))
            #expect(Platform.signalDisposition(of: pid, SIGHUP) == nil)
            #expect(Platform.signalDisposition(of: getpid(), 0) == nil, "0 is no signal")
        }
    }
#endif
