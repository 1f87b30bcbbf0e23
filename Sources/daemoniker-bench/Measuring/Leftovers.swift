// What a run has started and not yet stopped (daemons by their pid files, launchers by pid,
// temporary directories), so that an interrupted run (Ctrl-C, SIGTERM) stops and removes them too
// instead of leaving daemons behind.
#if !os(Windows)
    import Daemoniker
    import DaemonikerPlatform
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The registry of what a run must clean up.
    enum Leftovers {
        private struct Registered {
            var pidFiles: Set<String> = []
            var processes: Set<pid_t> = []
            var directories: Set<String> = []
            /// Set once an interrupt is being handled.
            var stopping = false
        }

        private static let registered = Mutex(Registered())

        /// Registers or forgets a daemon's pid file.
        static func track(pidFile: String, _ tracked: Bool) {
            change { update(&$0.pidFiles, pidFile, tracked) }
        }

        /// Registers or forgets a child process.
        static func track(process: pid_t, _ tracked: Bool) {
            change { update(&$0.processes, process, tracked) }
        }

        /// Registers or forgets a temporary directory.
        static func track(directory: String, _ tracked: Bool) {
            change { update(&$0.directories, directory, tracked) }
        }

        /// Applies `body` to the registry. Once an interrupt is being handled, the caller (the
        /// main thread) stops here for good: what it has just registered is cleaned up by the
        /// handler's next pass, and nothing new is started.
        private static func change(_ body: (inout Registered) -> Void) {
            let stopping = registered.withLock { state in
                body(&state)
                return state.stopping
            }
            if stopping {
                while true { pause() }
            }
        }

        private static func update<Element>(_ set: inout Set<Element>, _ element: Element, _ tracked: Bool) {
            if tracked {
                set.insert(element)
            } else {
                set.remove(element)
            }
        }

        /// On SIGINT or SIGTERM: lets a launch in flight finish (up to 3 s; then its launcher is
        /// killed), SIGKILLs every daemon a registered pid file names, removes the directories,
        /// and ends by the signal itself, so the shell that ran it sees it interrupted. Two passes,
        /// 0.3 s apart, catch what the main thread registered as it stopped.
        static func stopOnInterrupt() {
            do {
                try Signals.handle(.interrupt, .terminate) { signal in
                    let launchers = registered.withLock { state in
                        state.stopping = true
                        return state.processes
                    }
                    for pid in launchers where !waitForEnd(of: pid, milliseconds: 3000) { kill(pid, SIGKILL) }
                    for pass in 0..<2 {
                        sleep(milliseconds: pass == 0 ? 100 : 300)
                        let now = registered.withLock { $0 }
                        let pids = Array(now.processes) + now.pidFiles.compactMap(readPID)
                        for pid in pids where pid > 1 { kill(pid, SIGKILL) }
                        for pid in pids where pid > 1 { _ = waitForEnd(of: pid, milliseconds: 2000) }
                        for path in now.directories { TemporaryDirectory.removeContents(path) }
                    }
                    writeStandardError(
                        "daemoniker-bench: interrupted by \(signal); stopped what it had started\n")
                    Platform.exitBySignal(signal.rawValue)
                }
            } catch {
                progress("cannot handle interrupts (\(error)); an interrupted run may leave daemons behind")
            }
        }
    }
#endif
