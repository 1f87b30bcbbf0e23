#if os(Windows)
    import WinSDK

    extension Platform {
        /// `PROC_THREAD_ATTRIBUTE_HANDLE_LIST`, which the SDK defines with a function-like macro
        /// Swift cannot import: `ProcThreadAttributeHandleList` (2) with
        /// `PROC_THREAD_ATTRIBUTE_INPUT` (0x20000).
        static let handleListAttribute: DWORD_PTR = 0x0002_0002

        /// The creation flags of every process this layer starts: no console at all, its own
        /// process group (so no console control event of ours reaches it), a UTF-16 environment.
        /// `CREATE_NO_WINDOW` is ignored next to `DETACHED_PROCESS`; it is there for clarity.
        static let detachedFlags: DWORD =
            dword(DETACHED_PROCESS) | dword(CREATE_NEW_PROCESS_GROUP) | dword(CREATE_NO_WINDOW)
            | dword(CREATE_UNICODE_ENVIRONMENT)

        /// Starts `path` detached with `CreateProcessW`: the flags of ``detachedFlags`` plus
        /// `CREATE_BREAKAWAY_FROM_JOB` (so closing a console or a CI job does not end the daemon),
        /// retried without it when the job forbids breaking away (`ERROR_ACCESS_DENIED`).
        ///
        /// Unlike the POSIX layer it takes the finished command line, because the quoting rules
        /// live in the platform-neutral library (`WindowsCommandLine.quote`, unit-tested on every
        /// OS): the caller passes `quote(arguments)`. `path` is passed as `lpApplicationName`, so
        /// Windows never searches for the program or guesses where a path with spaces ends.
        ///
        /// Only the handles in `inherit` are passed on (`PROC_THREAD_ATTRIBUTE_HANDLE_LIST`); 0, 1
        /// and 2 there also become the child's standard handles, which are otherwise none.
        /// `reportFD` is unused: `CreateProcessW` fails synchronously, and the error is thrown.
        package static func spawnDetached(
            path: String, arguments: [[UInt8]], environment: [[UInt8]], inherit: [Int32], reportFD: Int32
        ) throws(SystemError) {
            let commandLine = try quote(arguments)
            let started = try createProcess(
                path: path, commandLine: commandLine, environment: environment, inherit: inherit,
                breakaway: true)
            CloseHandle(started.process)
        }

        /// Starts a sentinel: `path` again, detached, with `DAEMONIKER_SENTINEL` set to the value
        /// of an inherited handle to this process (`SYNCHRONIZE` access only), replacing the value
        /// the caller put in `environment`. The C shim's initializer (windows.c) finds it before
        /// any user code runs and waits on that handle; the sentinel exits 0 once this process is
        /// gone. Returns its pid; its process handle is kept for `wait(for:)` and `poll(child:)`,
        /// so the pid cannot be reused meanwhile.
        ///
        /// Takes the finished command line, as ``spawnDetached`` does. `waitFD` is unused: the
        /// sentinel waits on this process itself, not on a pipe. A relay needs nothing from the
        /// sentinel (`TerminateProcess` works whatever it is doing), so it is armed as soon as it
        /// exists, and one byte is written to `readyFD` before returning, for the caller's
        /// handshake.
        package static func spawnSentinel(
            path: String, arguments: [[UInt8]], environment: [[UInt8]], waitFD: Int32, readyFD: Int32
        ) throws(SystemError) -> Int32 {
            let commandLine = try quote(arguments)
            let current = GetCurrentProcess()
            var own: HANDLE?
            guard DuplicateHandle(current, current, current, &own, dword(SYNCHRONIZE), true, 0), let own
            else {
                throw SystemError("duplicate this process's handle for the signal sentinel")
            }
            defer { CloseHandle(own) }
            let prefix = Array((sentinelVariable + "=").utf8)
            let value = Array(String(UInt(bitPattern: Int(bitPattern: own))).utf8)
            let started = try createProcess(
                path: path, commandLine: commandLine,
                environment: environment.filter { !$0.starts(with: prefix) } + [prefix + value],
                inherit: [descriptor(own)], breakaway: false)
            adoptChild(started.pid, started.process)
            try? write(readyFD, [1])
            return started.pid
        }

        /// `arguments` joined into one command line (``WindowsCommandLine/quote(_:)``).
        static func quote(_ arguments: [[UInt8]]) throws(SystemError) -> String {
            do {
                return try WindowsCommandLine.quote(arguments.map { String(decoding: $0, as: UTF8.self) })
            } catch {
                throw SystemError(error.message, code: Int32(truncatingIfNeeded: ERROR_INVALID_PARAMETER))
            }
        }

        /// `CreateProcessW` with an explicit handle list; see ``spawnDetached``. Returns the new
        /// process's id and handle (its thread handle is closed).
        static func createProcess(
            path: String, commandLine: String, environment: [[UInt8]], inherit: [Int32], breakaway: Bool
        ) throws(SystemError) -> (pid: Int32, process: HANDLE) {
            var standard: [HANDLE?] = [nil, nil, nil]
            var handles: [HANDLE] = []
            for fd in inherit {
                let handle = try validHandle(fd, "pass handle \(fd) to \(path)")
                if (0...2).contains(fd) { standard[Int(fd)] = handle }
                if !handles.contains(handle) { handles.append(handle) }
            }
            // A listed handle must be inheritable; make it so for this call only, so that no
            // later process started without a list inherits it (the close-on-exec of Windows).
            var madeInheritable: [HANDLE] = []
            for handle in handles {
                var flags: DWORD = 0
                if GetHandleInformation(handle, &flags), flags & HANDLE_FLAG_INHERIT == 0,
                    SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT)
                {
                    madeInheritable.append(handle)
                }
            }
            defer { for handle in madeInheritable { SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0) } }

            var listSize: SIZE_T = 0
            _ = InitializeProcThreadAttributeList(nil, 1, 0, &listSize)
            let listMemory = UnsafeMutableRawPointer.allocate(byteCount: max(Int(listSize), 1), alignment: 16)
            defer { listMemory.deallocate() }
            let list = LPPROC_THREAD_ATTRIBUTE_LIST(listMemory)
            guard InitializeProcThreadAttributeList(list, 1, 0, &listSize) else {
                throw SystemError("prepare the handle list to start \(path)")
            }
            defer { DeleteProcThreadAttributeList(list) }
            // The list must stay valid until DeleteProcThreadAttributeList, hence its own memory.
            let handleArray = UnsafeMutablePointer<HANDLE?>.allocate(capacity: max(handles.count, 1))
            handleArray.initialize(from: handles.map { Optional($0) }, count: handles.count)
            defer { handleArray.deallocate() }
            if !handles.isEmpty {
                let size = SIZE_T(MemoryLayout<HANDLE>.stride * handles.count)
                guard UpdateProcThreadAttribute(list, 0, handleListAttribute, handleArray, size, nil, nil)
                else {
                    throw SystemError("prepare the handle list to start \(path)")
                }
            }

            var startup = STARTUPINFOEXW()
            // The extended size only together with EXTENDED_STARTUPINFO_PRESENT below.
            startup.StartupInfo.cb = DWORD(
                handles.isEmpty ? MemoryLayout<STARTUPINFOW>.size : MemoryLayout<STARTUPINFOEXW>.size)
            startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES
            startup.StartupInfo.hStdInput = standard[0]
            startup.StartupInfo.hStdOutput = standard[1]
            startup.StartupInfo.hStdError = standard[2]
            startup.lpAttributeList = handles.isEmpty ? nil : list
            let flags = detachedFlags | (handles.isEmpty ? 0 : dword(EXTENDED_STARTUPINFO_PRESENT))
            var block = environmentBlock(environment)
            // CreateProcessW may write into the command line, so it gets a copy it can change.
            var command = Array(commandLine.utf16) + [0]
            var information = PROCESS_INFORMATION()

            func attempt(_ flags: DWORD) -> Int32? {
                let created = path.withCString(encodedAs: UTF16.self) { application in
                    block.withUnsafeMutableBufferPointer { environmentBlock in
                        command.withUnsafeMutableBufferPointer { commandBuffer in
                            withUnsafeMutablePointer(to: &startup) { extended in
                                CreateProcessW(
                                    application, commandBuffer.baseAddress, nil, nil,
                                    handles.isEmpty ? false : true,
                                    flags, environmentBlock.baseAddress, nil,
                                    UnsafeMutableRawPointer(extended).assumingMemoryBound(
                                        to: STARTUPINFOW.self),
                                    &information)
                            }
                        }
                    }
                }
                return created ? nil : lastError()
            }
            var failure = attempt(flags | (breakaway ? dword(CREATE_BREAKAWAY_FROM_JOB) : 0))
            if breakaway, failure == Int32(truncatingIfNeeded: ERROR_ACCESS_DENIED) {
                failure = attempt(flags)
            }
            if let failure { throw SystemError("start \(path)", code: failure) }
            if let thread = information.hThread { CloseHandle(thread) }
            guard let process = information.hProcess else {
                throw SystemError("start \(path)", code: Int32(truncatingIfNeeded: ERROR_INVALID_HANDLE))
            }
            return (Int32(bitPattern: information.dwProcessId), process)
        }

        /// A `CREATE_UNICODE_ENVIRONMENT` block: the entries as UTF-16, each ended by a NUL, sorted
        /// by name without regard to case (as Windows keeps its own), then one more NUL.
        static func environmentBlock(_ environment: [[UInt8]]) -> [WCHAR] {
            let entries = environment.map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
            // The name ends at the first "=" after the first character ("=C:=C:\work" is named "=C:").
            func key(_ entry: String) -> [UInt16] {
                let name = entry.dropFirst().firstIndex(of: "=").map { entry[..<$0] } ?? Substring(entry)
                return Array(name.uppercased().utf16)
            }
            var block: [WCHAR] = []
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
