#if os(Windows)
    import CDaemonikerShim
    import Synchronization
    import WinSDK

    /// The job object of each child ``Platform/spawnChild(path:arguments:environment:moves:)``
    /// started and ``Platform/reapAnyChild()`` has not reaped yet (handles as bit patterns), by
    /// pid. Only this process holds them: when it ends, however it ends, the system ends every
    /// process in them.
    private let childJobs = Mutex<[Int32: Int]>([:])

    extension Platform {
        /// Starts `path` as the keeper's child in a job object of its own that ends with the
        /// keeper (`dk_win_job_create`, `dk_win_job_spawn`: `JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`,
        /// created suspended, put in the job, then resumed), with the command line quoted from
        /// `arguments` (``WindowsCommandLine``). Windows passes a child only its standard
        /// handles: `moves` may target 0, 1 and 2 alone (any other throws `ERROR_NOT_SUPPORTED`);
        /// the others are this process's own. Its process handle is kept for `wait`, `poll` and
        /// ``reapAnyChild()``; a thread waits for it to end and then raises the child signal
        /// (``raiseInProcess(_:)``), Windows' stand-in for `SIGCHLD`, so the keeper need not poll.
        /// A `pidVariable` throws `ERROR_NOT_SUPPORTED`: there is no socket activation to pass.
        package static func spawnChild(
            path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)],
            pidVariable: String?
        ) throws(SystemError) -> Int32 {
            if let pidVariable {
                throw notSupported("set \(pidVariable) for \(path) (Windows has no socket activation)")
            }
            var standard = (0..<3).map { fd in handle(Int32(fd)).map { Int(bitPattern: $0) } ?? 0 }
            for move in moves {
                guard (0...2).contains(move.to) else {
                    throw notSupported(
                        "pass handle \(move.from) to \(path) as \(move.to) (Windows passes a child only its standard handles 0, 1 and 2)"
                    )
                }
                standard[Int(move.to)] = Int(
                    bitPattern: try validHandle(move.from, "pass handle \(move.from) to \(path)"))
            }
            let commandLine = try quote(arguments.map { Array($0.utf8) })
            let block = environmentBlock(environment.map { Array($0.utf8) })
            var job = 0
            if dk_win_job_create(&job) != 0 { throw SystemError("create a job object for \(path)") }
            var process = 0
            var pid: UInt32 = 0
            let result = path.withCString(encodedAs: UTF16.self) { application in
                commandLine.withCString(encodedAs: UTF16.self) { command in
                    dk_win_job_spawn(
                        job, application, command, block, nil, standard[0], standard[1], standard[2],
                        &process, &pid)
                }
            }
            if result != 0 {
                let error = SystemError("start \(path)")
                if let handle = HANDLE(bitPattern: job) { CloseHandle(handle) }
                throw error
            }
            let child = Int32(bitPattern: pid)
            guard let handle = HANDLE(bitPattern: process) else { return child }
            adoptChild(child, handle)
            childJobs.withLock { $0[child] = job }
            var watched: HANDLE? = nil
            if DuplicateHandle(
                GetCurrentProcess(), handle, GetCurrentProcess(), &watched, dword(SYNCHRONIZE), false, 0),
                let watched
            {
                let bits = Int(bitPattern: watched)
                let signal = standardSignals.child
                do {
                    try startThread {
                        guard let watched = HANDLE(bitPattern: bits) else { return }
                        WaitForSingleObject(watched, INFINITE)
                        CloseHandle(watched)
                        raiseInProcess(signal)
                    }
                } catch {
                    CloseHandle(watched)
                }
            }
            return child
        }

        /// Reaps one ended child that ``spawnChild(path:arguments:environment:moves:)`` started
        /// (other processes this layer started, such as sentinels, are reaped by `wait` and
        /// `poll`), and closes its job, which ends whatever of its tree is left, as the keeper
        /// does on every OS once the program has ended. `.running` while such children run,
        /// `.none` when there are none.
        package static func reapAnyChild() -> ChildReaping {
            for pid in childJobs.withLock({ Array($0.keys) }) {
                let ended: ExitStatus?
                do {
                    ended = try poll(child: pid)
                } catch {
                    ended = .exited(255)  // Its handle is unusable: nothing is left to wait for.
                }
                guard let ended else { continue }
                if let job = childJobs.withLock({ $0.removeValue(forKey: pid) }),
                    let handle = HANDLE(bitPattern: job)
                {
                    CloseHandle(handle)
                }
                return .reaped(pid: pid, status: ended)
            }
            return childJobs.withLock { $0.isEmpty } ? .none : .running
        }

        /// Stops the keeper's child `pid` and its tree in NSSM's order (`dk_win_stop_escalate`):
        /// Ctrl+C, then WM_CLOSE to its windows, then ending its job, each step given
        /// `graceMilliseconds`; reaping it (``reapAnyChild()``) closes the job, which ends
        /// whatever of the tree is left. True when it has ended; false for a pid this layer did
        /// not start as a child.
        package static func endChildTree(_ pid: Int32, graceMilliseconds: Int) -> Bool {
            guard let job = childJobs.withLock({ $0[pid] }) else { return false }
            let grace = UInt32(clamping: graceMilliseconds)
            guard let process = try? processHandle(pid, dword(SYNCHRONIZE), "stop process \(pid)") else {
                return true
            }
            defer { if process.owned { CloseHandle(process.handle) } }
            let step = dk_win_stop_escalate(
                Int(bitPattern: process.handle), UInt32(bitPattern: pid), job, grace, grace, grace,
                UInt32(128 + killSignal))
            return step >= 0
        }
    }
#endif
