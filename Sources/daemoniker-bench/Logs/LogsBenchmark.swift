// The logs subcommand's measurements: how long a program that writes many short lines as fast
// as it can takes with its output going straight to a file, and through the keeper (`daemoniker
// run --log`) without rotation, with rotation and with timestamps; that every line arrived whole
// and in order; and how much CPU an idle keeper uses.
#if !os(Windows)
    import DaemonikerPlatform

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// One way of writing the log.
    struct LogVariant {
        /// The row's name.
        let label: String
        /// The tool's options after `run --pid-file P --log F`; nil: the program's output goes
        /// straight to the file (`> F`), no keeper.
        let toolOptions: [String]?
        /// How many rotated files it keeps (0: none).
        let keep: Int
        /// Whether each line begins with a timestamp.
        let stamped: Bool
    }

    /// The four variants, the straight file first.
    let logVariants = [
        LogVariant(label: "(a) `> file`, no keeper", toolOptions: nil, keep: 0, stamped: false),
        LogVariant(label: "(b) `run --log F`", toolOptions: [], keep: 0, stamped: false),
        LogVariant(
            label: "(c) `run --log F --log-max-size 1M --log-keep 3`",
            toolOptions: ["--log-max-size", "1M", "--log-keep", "3"], keep: 3, stamped: false),
        LogVariant(
            label: "(d) `run --log F --log-timestamps`", toolOptions: ["--log-timestamps"], keep: 0,
            stamped: true),
    ]

    /// What the lines in a log's files were found to be.
    struct LineCheck {
        /// The program's lines found.
        var lines = 0
        /// The first and last number among them.
        var first: Int?
        var last: Int?
        /// Lines that are not a whole line of the program's (split, mixed, a bad timestamp).
        var broken = 0
        /// Lines whose number does not follow the one before.
        var outOfOrder = 0
        /// The largest file, in bytes.
        var largestFile = 0

        /// Whether the lines are whole, in order, and end with the last one written (`count`
        /// lines in all); with `complete`, they begin with the first too.
        func isIntact(count: Int, complete: Bool) -> Bool {
            broken == 0 && outOfOrder == 0 && last == count - 1
                && (!complete || (first == 0 && lines == count))
        }
    }

    /// The program's lines in `files` (the oldest first): each must be `NNNNNNN a short log line`,
    /// after a timestamp (`2026-12-07T18:20:01.123Z `) when `stamped`, each number one more than
    /// the last. The keeper's own lines (`daemoniker: ...`) are passed over.
    func checkLines(_ files: [String], stamped: Bool) -> LineCheck {
        var check = LineCheck()
        let note = Array("daemoniker: ".utf8)
        for path in files {
            guard let bytes = readFile(path) else { continue }
            check.largestFile = max(check.largestFile, bytes.count)
            bytes.withUnsafeBufferPointer { all in
                var start = 0
                while start < all.count {
                    var end = start
                    while end < all.count, all[end] != UInt8(ascii: "\n") { end += 1 }
                    var line = UnsafeBufferPointer(rebasing: all[start..<end])
                    start = end + 1
                    if stamped {
                        guard line.count > 25, line[23] == UInt8(ascii: "Z"), line[24] == UInt8(ascii: " "),
                            line[10] == UInt8(ascii: "T")
                        else {
                            check.broken += 1
                            continue
                        }
                        line = UnsafeBufferPointer(rebasing: line[25...])
                    }
                    if line.starts(with: note) { continue }
                    guard let number = lineNumber(line) else {
                        check.broken += 1
                        continue
                    }
                    if let last = check.last, number != last + 1 { check.outOfOrder += 1 }
                    if check.first == nil { check.first = number }
                    check.last = number
                    check.lines += 1
                }
            }
        }
        return check
    }

    /// The number of a whole line of the program's (without its line break), or nil.
    private func lineNumber(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard line.count == LogModes.lineLength - 1 else { return nil }
        var number = 0
        for index in 0..<LogModes.digits {
            let digit = line[index]
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int(digit - UInt8(ascii: "0"))
        }
        guard line[LogModes.digits...].elementsEqual(LogModes.lineTail.dropLast()) else { return nil }
        return number
    }

    /// One timed run of `variant` writing `count` lines in `directory`: the wall time in
    /// nanoseconds from starting the process until it has ended, and what its log held.
    func runLogVariant(_ variant: LogVariant, count: Int, in directory: String) throws(BenchError) -> (
        nanoseconds: Int64, check: LineCheck
    ) {
        let executable = executablePath()
        let log = "\(directory)/out.log"
        let writer = [executable, LogModes.writer, "\(count)"]
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { throw BenchError("cannot open /dev/null: \(errorText(errno))") }
        defer { close(null) }
        var arguments = writer
        var output = null
        if let options = variant.toolOptions {
            arguments =
                [executable, LogModes.tool, "run", "--pid-file", "\(directory)/run.pid", "--log", log]
                + options
                + ["--"] + writer
        } else {
            output = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard output >= 0 else { throw BenchError("cannot create \(log): \(errorText(errno))") }
        }
        defer { if output != null { close(output) } }
        let environment = Platform.rawEnvironment().map { String(decoding: $0, as: UTF8.self) }
        let began = monotonicNanoseconds()
        let pid: pid_t
        do {
            pid = try Platform.spawnChild(
                path: executable, arguments: arguments, environment: environment,
                moves: [(output, 1), (null, 2)])
        } catch {
            throw BenchError("cannot start \(variant.label): \(error.reason)")
        }
        Leftovers.track(process: pid, true)
        let status = waitForChild(pid)
        let elapsed = monotonicNanoseconds() - began
        Leftovers.track(process: pid, false)
        guard status == 0 else { throw BenchError("\(variant.label) ended with \(describeStatus(status))") }
        let files = (0...variant.keep).reversed().map { $0 == 0 ? log : "\(log).\($0)" }
        return (elapsed, checkLines(files, stamped: variant.stamped))
    }

    /// What an idle keeper cost over `seconds`: its CPU ticks (user + system), its threads'
    /// on-CPU time in microseconds (`schedstat`), and for each thread where it waits in the
    /// kernel (`wchan`: `pipe_read` is a blocking read of a pipe) and its own time.
    struct IdleKeeper {
        /// utime + stime over the window, in clock ticks.
        var ticks: Int?
        /// The threads' run time over the window, in microseconds.
        var runMicroseconds: Int?
        /// The same for every thread but the main one (the output relay's readers, the control
        /// socket's, the signal dispatcher).
        var otherThreadsMicroseconds: Int?
        /// Each thread, main thread first, as `wchan N µs`.
        var threads: [String] = []
    }

    /// Starts `daemoniker start --log F --log-max-size 1M -- sleep 1000` (detached, by fork),
    /// reads its keeper's CPU time twice, `seconds` apart, and stops it.
    func measureIdleKeeper(seconds: Int, in directory: String) throws(BenchError) -> IdleKeeper {
        let executable = executablePath()
        let pidFile = "\(directory)/idle.pid"
        guard let sleeper = findOnPath("sleep") else { throw BenchError("no sleep on PATH") }
        let start = [
            executable, LogModes.tool, "start", "--pid-file", pidFile, "--log", "\(directory)/idle.log",
            "--log-max-size", "1M", "--strategy", "fork", "--", sleeper, "1000",
        ]
        Leftovers.track(pidFile: pidFile, true)
        defer { Leftovers.track(pidFile: pidFile, false) }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { throw BenchError("cannot open /dev/null: \(errorText(errno))") }
        defer { close(null) }
        let launcher: pid_t
        do {
            // Its `started ...` line must not land in the report.
            launcher = try Platform.spawnChild(
                path: executable, arguments: start,
                environment: Platform.rawEnvironment().map { String(decoding: $0, as: UTF8.self) },
                moves: [(null, 1)])
        } catch {
            throw BenchError("cannot start the idle program: \(error.reason)")
        }
        let status = waitForChild(launcher)
        guard status == 0, let program = readPID(pidFile), let keeper = ProcFS.parent(of: program) else {
            throw BenchError("the idle program did not start (\(describeStatus(status)))")
        }
        defer {
            kill(program, SIGTERM)
            if !waitForEnd(of: keeper, milliseconds: 5000) {
                kill(keeper, SIGKILL)
                kill(program, SIGKILL)
            }
        }
        let ticksBefore = ProcFS.cpuTicks(of: keeper)
        let runBefore = threadRunNanoseconds(of: keeper)
        sleep(milliseconds: Double(seconds) * 1000)
        var idle = IdleKeeper()
        if let before = ticksBefore, let after = ProcFS.cpuTicks(of: keeper) { idle.ticks = after - before }
        let runAfter = threadRunNanoseconds(of: keeper)
        if let runBefore, let runAfter {
            idle.runMicroseconds = Int((runAfter.values.reduce(0, +) - runBefore.values.reduce(0, +)) / 1000)
            let others = runAfter.filter { $0.key != keeper }
            idle.otherThreadsMicroseconds = Int(
                others.map { task, after in after - (runBefore[task] ?? after) }.reduce(0, +) / 1000)
        }
        idle.threads = tasks(of: keeper).map { task in
            let wait =
                readText("/proc/\(keeper)/task/\(task)/wchan").map { $0.isEmpty ? "running" : $0 } ?? "?"
            let used = runAfter?[task].map { after in (after - (runBefore?[task] ?? after)) / 1000 }
            return "\(wait) \(used.map { "\(grouped(Int($0))) µs" } ?? "?")"
        }
        return idle
    }

    /// The first field of `/proc/PID/task/TID/schedstat` (time on the CPU, in nanoseconds) of
    /// each of the process's threads; nil where the kernel does not say.
    private func threadRunNanoseconds(of pid: pid_t) -> [pid_t: Int64]? {
        var times: [pid_t: Int64] = [:]
        for task in tasks(of: pid) {
            guard let text = readText("/proc/\(pid)/task/\(task)/schedstat"),
                let first = text.split(separator: " ").first, let value = Int64(first)
            else { return nil }
            times[task] = value
        }
        return times
    }

    /// The thread ids of `pid`.
    private func tasks(of pid: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc/\(pid)/task") else { return [] }
        defer { closedir(directory) }
        var found: [pid_t] = []
        while let entry = readdir(directory) {
            if let task = pid_t(directoryEntryName(entry)) { found.append(task) }
        }
        return found.sorted()
    }
#endif
