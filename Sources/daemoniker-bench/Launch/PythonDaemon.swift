// The python-daemon launch of the launch benchmark: a script the benchmark writes to its
// temporary directory, run by python3. python-daemon's DaemonContext detaches (the launcher, the
// python process itself, exits in that step), locks a lockfile-style pid file and keeps the
// benchmark's descriptor open through `files_preserve`; the daemon writes one byte there once it
// runs inside the context.
#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The script: `python3 <script> <pid file> <ready fd>`.
    let pythonDaemonScript = """
        # Written by daemoniker-bench: the python-daemon launch it measures.
        import os
        import signal
        import sys

        import daemon
        import daemon.pidfile

        pid_file, ready_fd = sys.argv[1], int(sys.argv[2])
        context = daemon.DaemonContext(
            pidfile=daemon.pidfile.TimeoutPIDLockFile(pid_file, acquire_timeout=5),
            files_preserve=[ready_fd],
            detach_process=True,  # decided here, not guessed from the parent or stdin
        )
        with context:
            os.write(ready_fd, b"r")
            while True:
                signal.pause()

        """

    /// Where python-daemon is, or why it cannot be used.
    enum PythonDaemonAvailability {
        /// python3 at this path imports `daemon` and `daemon.pidfile`; `versions` names them.
        case available(python: String, versions: String)
        /// Why not, for the report.
        case unavailable(String)
    }

    /// Whether `python3` on `$PATH` can import python-daemon (and its lockfile dependency); the
    /// check writes the interpreter's real path (`sys.executable`) and the versions to `scratch`,
    /// a file it may create.
    func checkPythonDaemon(scratch: String) -> PythonDaemonAvailability {
        guard let python = findOnPath("python3") else { return .unavailable("python3 not found on PATH") }
        let check = """
            import sys
            try:
                import daemon, daemon.pidfile
            except ImportError:
                raise SystemExit(3)
            from importlib import metadata
            def version(name):
                try:
                    return metadata.version(name)
                except Exception:
                    return "unknown"
            with open(sys.argv[1], "w") as out:
                out.write("%s\\n" % sys.executable)
                out.write("Python %s, python-daemon %s, lockfile %s" % (
                    sys.version.split()[0], version("python-daemon"), version("lockfile")))

            """
        do {
            let pid = try spawn(python, [python, "-c", check, scratch])
            let status = waitForChild(pid)
            defer { unlink(scratch) }
            guard status == 0 else { return .unavailable("not installed (pip install python-daemon)") }
            // The interpreter itself, not a wrapper such as a pyenv shim, whose start-up is not
            // python-daemon's.
            let lines = (readText(scratch) ?? "").split(separator: "\n", maxSplits: 1).map(String.init)
            let interpreter = lines.first.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? python
            return .available(python: interpreter, versions: lines.count > 1 ? lines[1] : "versions unknown")
        } catch {
            return .unavailable("\(python) did not run: \(error)")
        }
    }
#endif
