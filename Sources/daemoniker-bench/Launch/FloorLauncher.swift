// The "Swift floor" of the launch benchmark: daemon(7)'s double fork written by hand, the way a
// careful person would, in this same executable (hidden argument `launch-floor`), so that it
// pays the same process start-up as the Daemoniker launches it is compared with.
//
// The launcher locks the pid file (flock LOCK_EX|LOCK_NB), makes a readiness pipe, forks; the
// child calls setsid and forks again and exits; the grandchild goes to "/", sets umask 022, puts
// stdio on /dev/null, writes its pid into the pid file, writes one byte to the readiness pipe
// (and one to the benchmark's descriptor), and pauses until it is signalled. The launcher
// collects the intermediate child, waits for the byte, and exits 0 (1 if the daemon died first).
// It closes no other descriptor: the benchmark starts it with none open beyond stdio and the
// ready pipe (it marks everything it inherited close-on-exec).
#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    #if canImport(Darwin)
        // Darwin's overlay marks fork() unavailable; the C function itself is there.
        @_silgen_name("fork") private func systemFork() -> pid_t
    #else
        private func systemFork() -> pid_t { fork() }
    #endif

    /// The floor's launcher; never returns.
    func runFloorLauncher(pidFile: String, readyFD: Int32) -> Never {
        let lock = open(pidFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { floorFail("open \(pidFile)") }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { floorFail("flock \(pidFile)") }
        var channel: [Int32] = [-1, -1]
        guard pipe(&channel) == 0 else { floorFail("pipe") }
        let child = systemFork()
        if child < 0 { floorFail("fork") }
        if child == 0 {
            close(channel[0])
            if setsid() < 0 { _exit(1) }
            let grandchild = systemFork()
            if grandchild != 0 { _exit(grandchild < 0 ? 1 : 0) }
            runFloorDaemon(lock: lock, channel: channel[1], readyFD: readyFD)
        }
        close(channel[1])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        guard status == 0 else {
            writeStandardError(
                "daemoniker-bench floor: the intermediate child failed (\(describeStatus(status)))\n")
            _exit(1)
        }
        var byte: UInt8 = 0
        var got = -1
        repeat { got = read(channel[0], &byte, 1) } while got < 0 && errno == EINTR
        _exit(got == 1 ? 0 : 1)
    }

    /// The floor's daemon: detached and in its own session; never returns.
    private func runFloorDaemon(lock: Int32, channel: Int32, readyFD: Int32) -> Never {
        _ = chdir("/")
        _ = umask(0o022)
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            for target: Int32 in 0...2 { _ = dup2(null, target) }
            if null > 2 { close(null) }
        }
        let text = Array("\(getpid())\n".utf8)
        guard ftruncate(lock, 0) == 0, pwrite(lock, text, text.count, 0) == text.count else { _exit(1) }
        guard writeAll(channel, [1]) else { _exit(1) }
        close(channel)
        writeAll(readyFD, [1])
        while true { pause() }
    }

    private func floorFail(_ call: String) -> Never {
        writeStandardError("daemoniker-bench floor: \(call): \(errorText(errno))\n")
        _exit(1)
    }
#endif
