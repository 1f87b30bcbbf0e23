#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// `dk_become_child_subreaper`: `prctl(PR_SET_CHILD_SUBREAPER, 1)` on Linux,
        /// `procctl(PROC_REAP_ACQUIRE)` on FreeBSD; false on macOS, which has neither.
        package static func becomeChildSubreaper() -> Bool {
            dk_become_child_subreaper() == 0
        }

        /// `waitpid(-1, WNOHANG)`, again after `EINTR`; `ECHILD` (or any other error) is `.none`.
        package static func reapAnyChild() -> ChildReaping {
            var status: Int32 = 0
            while true {
                let pid = waitpid(-1, &status, WNOHANG)
                if pid > 0 { return .reaped(pid: pid, status: decode(status)) }
                if pid == 0 { return .running }
                if errno == EINTR { continue }
                return .none
            }
        }

        /// `dk_child_processes`, with room for every child it counts.
        package static func childProcesses() -> [Int32]? {
            var capacity = 64
            while true {
                var pids = [Int32](repeating: 0, count: capacity)
                let count = pids.withUnsafeMutableBufferPointer { buffer in
                    dk_child_processes(buffer.baseAddress, buffer.count)
                }
                guard count >= 0 else { return nil }
                if count <= capacity { return Array(pids.prefix(count)) }
                capacity = count + 64
            }
        }
    }
#endif
