// The POSIX helpers the benchmark shares: the monotonic clock, messages, pipes, small files,
// temporary directories, and starting, waiting for and stopping processes.
#if !os(Windows)
    import Daemoniker
    import DaemonikerPlatform

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// A failure the benchmark reports instead of a figure.
    struct BenchError: Error, CustomStringConvertible {
        /// What went wrong, for the reader.
        var description: String

        init(_ description: String) { self.description = description }
    }

    /// Nanoseconds on the monotonic clock, which every process on the machine shares.
    func monotonicNanoseconds() -> Int64 {
        var time = timespec()
        #if canImport(Darwin)
            clock_gettime(_CLOCK_MONOTONIC, &time)  // Darwin's CLOCK_MONOTONIC macro is not imported.
        #else
            clock_gettime(CLOCK_MONOTONIC, &time)
        #endif
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Sleeps for `milliseconds` (fractions allowed).
    func sleep(milliseconds: Double) {
        let nanoseconds = Int(milliseconds * 1_000_000)
        var request = timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }

    /// The system's text for an `errno` value.
    func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Writes `text` to standard error, unbuffered.
    func writeStandardError(_ text: String) {
        _ = writeAll(2, Array(text.utf8))
    }

    /// A progress line on standard error, so that standard output stays the Markdown report.
    func progress(_ text: String) {
        writeStandardError("daemoniker-bench: \(text)\n")
    }

    /// Prints `message` on standard error and exits 1.
    func fail(_ message: String) -> Never {
        writeStandardError("daemoniker-bench: \(message)\n")
        exit(1)
    }

    /// Writes every byte of `bytes` to `fd`; false on an error.
    @discardableResult
    func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The whole content of the file at `path`, or nil if it cannot be read. Reads to the end
    /// rather than trusting the size, which /proc files report as 0.
    func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { return content }
            content += chunk[0..<got]
        }
    }

    /// The file at `path` as text, or nil.
    func readText(_ path: String) -> String? {
        readFile(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Creates (or truncates) the file at `path` with `text`, mode 0644.
    func writeText(_ path: String, _ text: String) throws(BenchError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(errorText(errno))") }
        defer { close(fd) }
        guard writeAll(fd, Array(text.utf8)) else {
            throw BenchError("cannot write \(path): \(errorText(errno))")
        }
    }

    /// The first number in a file: the pid a pid file names (Daemoniker's or python-daemon's),
    /// or the sentinel's in a sentinel record; nil when it is missing or holds none.
    func readPID(_ path: String) -> pid_t? {
        guard let text = readText(path),
            let first = text.split(whereSeparator: { $0 == "\n" || $0 == " " }).first,
            let pid = pid_t(first), pid > 0
        else { return nil }
        return pid
    }

    /// A pipe whose two ends close on exec; hand one end to a child with `setCloseOnExec(_:false)`.
    func makePipe() throws(BenchError) -> (read: Int32, write: Int32) {
        do {
            return try Platform.pipe()
        } catch {
            throw BenchError("\(error)")
        }
    }

    /// Sets or clears `FD_CLOEXEC` on `fd`.
    func setCloseOnExec(_ fd: Int32, _ closeOnExec: Bool) {
        Platform.setCloseOnExec(fd, closeOnExec)
    }

    /// Marks every descriptor above standard error that this process inherited close-on-exec,
    /// so that what the benchmark starts holds only what it hands over (and a daemon never keeps
    /// the caller's pipes open).
    func closeInheritedDescriptorsOnExec() {
        #if os(Linux)
            let listing = "/proc/self/fd"
        #else
            let listing = "/dev/fd"
        #endif
        guard let directory = opendir(listing) else { return }
        var descriptors: [Int32] = []
        while let entry = readdir(directory) {
            if let fd = Int32(directoryEntryName(entry)), fd > 2 { descriptors.append(fd) }
        }
        closedir(directory)
        for fd in descriptors { setCloseOnExec(fd, true) }
    }

    /// Makes reads from `fd` return at once when nothing is there.
    func setNonBlocking(_ fd: Int32) {
        Platform.setNonBlocking(fd, true)
    }

    /// Waits until `fd` is readable or `milliseconds` have passed; true when readable (data or
    /// end of file).
    func waitReadable(_ fd: Int32, milliseconds: Int64) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let timeout = Int32(clamping: max(0, milliseconds))
        while true {
            let result = poll(&entry, 1, timeout)
            if result < 0, errno == EINTR { continue }
            return result > 0
        }
    }

    /// A directory made with `mkdtemp` under `$TMPDIR` (else /tmp); `remove()` deletes it and the
    /// files in it.
    struct TemporaryDirectory {
        /// Its absolute path.
        let path: String

        /// Creates `<tmp>/<prefix>.XXXXXX`.
        init(prefix: String) throws(BenchError) {
            var base = getenv("TMPDIR").map { String(cString: $0) } ?? ""
            if !base.hasPrefix("/") { base = "/tmp" }
            while base.count > 1, base.hasSuffix("/") { base.removeLast() }
            var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
            guard mkdtemp(&template) != nil else {
                throw BenchError("cannot create a temporary directory in \(base): \(errorText(errno))")
            }
            path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            Leftovers.track(directory: path, true)
        }

        /// Deletes the files in the directory (it holds no subdirectories), then the directory.
        func remove() {
            Self.removeContents(path)
            Leftovers.track(directory: path, false)
        }

        /// Deletes the files in the directory at `path`, then the directory.
        static func removeContents(_ path: String) {
            if let directory = opendir(path) {
                while let entry = readdir(directory) {
                    let name = directoryEntryName(entry)
                    if name != ".", name != ".." { unlink("\(path)/\(name)") }
                }
                closedir(directory)
            }
            rmdir(path)
        }
    }

    /// The name in a directory entry.
    func directoryEntryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// The absolute path of this program, so that it can start itself again.
    func executablePath() -> String {
        (try? Platform.executablePath()) ?? CommandLine.arguments.first ?? "daemoniker-bench"
    }

    /// The first executable named `name` on `$PATH`, or nil.
    func findOnPath(_ name: String) -> String? {
        guard let value = getenv("PATH") else { return nil }
        for directory in String(cString: value).split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Starts `path` with `arguments` (argv[0] first) and this process's environment, through the
    /// platform layer. The child inherits standard input, output and error and every descriptor
    /// not marked close-on-exec.
    func spawn(_ path: String, _ arguments: [String]) throws(BenchError) -> pid_t {
        let environment = Platform.rawEnvironment().map { String(decoding: $0, as: UTF8.self) }
        do {
            return try Platform.spawnChild(
                path: path, arguments: arguments, environment: environment, moves: [])
        } catch {
            throw BenchError("cannot start \(path): \(error.reason)")
        }
    }

    /// Waits for the child `pid` to end and returns its raw wait status.
    func waitForChild(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return status
    }

    /// A raw wait status in words: "exit 0", "signal 9".
    func describeStatus(_ status: Int32) -> String {
        if status < 0 { return "unknown (waitpid failed)" }
        let signal = status & 0x7f
        if signal == 0 { return "exit \((status >> 8) & 0xff)" }
        return "signal \(signal)"
    }

    /// Whether process `pid` has ended: no such process, or a zombie waiting for its parent to
    /// collect it.
    func processEnded(_ pid: pid_t) -> Bool {
        Platform.processHasEnded(pid)
    }

    /// Waits up to `milliseconds` for process `pid` to end; true if it has.
    func waitForEnd(of pid: pid_t, milliseconds: Int64) -> Bool {
        let deadline = monotonicNanoseconds() + milliseconds * 1_000_000
        while !processEnded(pid) {
            if monotonicNanoseconds() >= deadline { return false }
            sleep(milliseconds: 1)
        }
        return true
    }

    /// How a process the benchmark stopped ended.
    enum StopOutcome: String {
        case alreadyGone = "already gone"
        case terminated = "ended on SIGTERM"
        case killed = "needed SIGKILL"
        case survived = "survived SIGKILL"
    }

    /// Stops process `pid` (never by name): SIGTERM, up to 5 s to end, then SIGKILL and up to
    /// 5 s more. Returns how it ended.
    @discardableResult
    func stopProcess(_ pid: pid_t) -> StopOutcome {
        guard pid > 1 else { return .alreadyGone }
        if processEnded(pid) { return .alreadyGone }
        kill(pid, SIGTERM)
        if waitForEnd(of: pid, milliseconds: 5000) { return .terminated }
        kill(pid, SIGKILL)
        return waitForEnd(of: pid, milliseconds: 5000) ? .killed : .survived
    }
#endif
