#if os(Windows)
    import CDaemonikerShim
    import WinSDK

    extension Platform {
        /// Starts `path` detached (`dk_win_spawn_detached`: `DETACHED_PROCESS |
        /// CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW`, breaking away from a job where the job
        /// allows it), with the command line quoted from `arguments` (``WindowsCommandLine``).
        /// Only the handles in `inherit` are passed on; 0, 1 and 2 there also become the child's
        /// standard handles, which are otherwise none. The child is created suspended and runs
        /// only once its pid frame ('P') is on `reportFD` (-1: no frame), so the frame comes first
        /// there. Exec failures need no frame: `CreateProcessW` fails synchronously, and the error
        /// is thrown.
        package static func spawnDetached(
            path: String, arguments: [[UInt8]], environment: [[UInt8]], inherit: [Int32], reportFD: Int32
        ) throws(SystemError) {
            let commandLine = try quote(arguments)
            let listed = try inherit.filter { $0 > 2 }.map { fd throws(SystemError) in
                Int(bitPattern: try validHandle(fd, "pass handle \(fd) to \(path)"))
            }
            let standard = (0..<3).map { fd in
                inherit.contains(Int32(fd)) ? handle(Int32(fd)).map { Int(bitPattern: $0) } ?? 0 : 0
            }
            var report = 0
            if reportFD >= 0 {
                report = Int(bitPattern: try validHandle(reportFD, "report the pid of \(path)"))
            }
            var process = 0
            var pid: UInt32 = 0
            let block = environmentBlock(environment)
            let result = path.withCString(encodedAs: UTF16.self) { application in
                commandLine.withCString(encodedAs: UTF16.self) { command in
                    listed.withUnsafeBufferPointer { list in
                        dk_win_spawn_detached(
                            application, command, block, list.baseAddress, UInt32(list.count),
                            standard[0], standard[1], standard[2], 1, report, &process, &pid)
                    }
                }
            }
            if result != 0 { throw SystemError("start \(path)") }
            // Kept (not closed) so the daemon's pid cannot be reused while this process may still
            // wait for it or end it after a failed start.
            if let handle = HANDLE(bitPattern: process) { adoptChild(Int32(bitPattern: pid), handle) }
        }

        /// Starts a sentinel (`dk_win_spawn_sentinel`): this executable again, detached, holding
        /// only an inheritable handle to this process with `SYNCHRONIZE |
        /// PROCESS_QUERY_LIMITED_INFORMATION`, named in `DAEMONIKER_SENTINEL`. The shim's
        /// initializer finds it before any user code runs and waits on it. Returns its pid; its
        /// process handle is kept for `wait(for:)` and `poll(child:)`, so the pid cannot be reused
        /// meanwhile. `waitFD` is unused (the sentinel waits on this process itself); one byte is
        /// written to `readyFD` for the caller's handshake, since a relay needs nothing from the
        /// sentinel beyond its existence.
        package static func spawnSentinel(
            path: String, arguments: [[UInt8]], environment: [[UInt8]], waitFD: Int32, readyFD: Int32
        ) throws(SystemError) -> Int32 {
            let commandLine = try quote(arguments)
            var process = 0
            var pid: UInt32 = 0
            let block = environmentBlock(environment)
            let result = path.withCString(encodedAs: UTF16.self) { application in
                commandLine.withCString(encodedAs: UTF16.self) { command in
                    dk_win_spawn_sentinel(application, command, block, &process, &pid)
                }
            }
            guard result == 0, let handle = HANDLE(bitPattern: process) else {
                throw SystemError("start the signal sentinel \(path)")
            }
            adoptChild(Int32(bitPattern: pid), handle)
            try? write(readyFD, [1])
            return Int32(bitPattern: pid)
        }

        /// `arguments` joined into one command line (``WindowsCommandLine/quote(_:)``).
        static func quote(_ arguments: [[UInt8]]) throws(SystemError) -> String {
            do {
                return try WindowsCommandLine.quote(arguments.map { String(decoding: $0, as: UTF8.self) })
            } catch {
                throw SystemError(error.message, code: Int32(truncatingIfNeeded: ERROR_INVALID_PARAMETER))
            }
        }

        /// A `CREATE_UNICODE_ENVIRONMENT` block: the entries as UTF-16, each ended by a NUL, sorted
        /// by name without regard to case (as Windows keeps its own), then one more NUL.
        static func environmentBlock(_ environment: [[UInt8]]) -> [UInt16] {
            let entries = environment.map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
            // The name ends at the first "=" after the first character ("=C:=C:\work" is named "=C:").
            func key(_ entry: String) -> [UInt16] {
                let name = entry.dropFirst().firstIndex(of: "=").map { entry[..<$0] } ?? Substring(entry)
                return Array(name.uppercased().utf16)
            }
            var block: [UInt16] = []
            for entry in entries.sorted(by: { key($0).lexicographicallyPrecedes(key($1)) }) {
                block += entry.utf16
                block.append(0)
            }
            if block.isEmpty { block.append(0) }
            block.append(0)
            return block
        }
    }
#endif
