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
        /// Starts `path` as a child of this process by fork and exec (the C shim's
        /// `dk_spawn_child`, as systemd starts a service): `arguments` (the first is its name),
        /// `environment` (`NAME=VALUE`), every catchable signal (real-time ones, and on Linux the
        /// C library's own) at its default action and none blocked. Each `(from, to)` in `moves`
        /// makes descriptor `to` in the child an inheritable copy of `from`; the moves act as if
        /// made at once (each `from` is first copied above every `to`), so `to` may be `from`
        /// itself or another move's `from`. With `pidVariable` (`LISTEN_PID`), the child sets
        /// that variable to its own pid between fork and exec, which only the child can know.
        /// The child's pid, once it has exec'd. The error includes the exec's (`ENOENT`,
        /// `EACCES`).
        package static func spawnChild(
            path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)],
            pidVariable: String?
        ) throws(SystemError) -> Int32 {
            // Copies made here, close-on-exec, where no `to` lies; closed again once spawned.
            var copies: [Int32] = []
            defer { for copy in copies { close(copy) } }
            let above = (moves.map(\.to).max() ?? 2) + 1
            for move in moves {
                copies.append(try duplicate(move.from, atLeast: above, closeOnExec: true))
            }
            let targets = moves.map(\.to)
            // The variable's slot: room for any pid's digits, which the child writes in place.
            let prefix = pidVariable.map { "\($0)=" }
            let slotSize = 24
            var entries = environment.filter { entry in prefix.map { !entry.hasPrefix($0) } ?? true }
            if let prefix { entries.append(prefix + String(repeating: "0", count: slotSize - 1)) }
            let slotIndex = entries.count - 1
            let prefixLength = prefix?.utf8.count ?? 0
            let (pid, code): (pid_t, Int32) = withCStrings(arguments.map { Array($0.utf8) }) { argv in
                withCStrings(entries.map { Array($0.utf8) }) { envp in
                    let slot = prefix == nil ? nil : envp[slotIndex].map { $0 + prefixLength }
                    let pid = dk_spawn_child(path, argv, envp, copies, targets, copies.count, slot, slotSize)
                    return (pid, errno)
                }
            }
            guard pid > 0 else { throw SystemError("start \(path)", code: code) }
            return pid
        }
    }
#endif
