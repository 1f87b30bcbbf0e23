// The logs subcommand: times every variant in interleaved rounds, checks every log's lines,
// measures an idle keeper, then prints the Markdown table, notes and goals.
#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// Runs `logs`; returns the exit status.
    func runLogsBenchmark(lines: Int, rounds: Int) -> Int32 {
        let header = reportHeader("logs")
        var times = Array(repeating: [Int64](), count: logVariants.count)
        var checks = Array(repeating: [LineCheck](), count: logVariants.count)
        let idle: IdleKeeper
        do {
            for round in 1...rounds {
                progress("logs: round \(round) of \(rounds)")
                var order = Array(logVariants.indices)
                order.shuffle()
                for index in order {
                    let directory = try TemporaryDirectory(prefix: "daemoniker-bench-logs")
                    defer { directory.remove() }
                    let (elapsed, check) = try runLogVariant(
                        logVariants[index], count: lines, in: directory.path)
                    times[index].append(elapsed)
                    checks[index].append(check)
                }
            }
            progress("logs: an idle keeper, 3 s")
            let directory = try TemporaryDirectory(prefix: "daemoniker-bench-idle")
            defer { directory.remove() }
            idle = try measureIdleKeeper(seconds: 3, in: directory.path)
        } catch {
            writeStandardError("daemoniker-bench: logs: \(error)\n")
            return 1
        }
        let summaries = times.map { Summary($0) }
        print(header)
        print("")
        print(logsTable(summaries, checks, lines: lines).render())
        print("")
        for note in logsNotes(idle, lines: lines, rounds: rounds) { print("- \(note)") }
        printGoals(logsGoals(summaries, checks, idle, lines: lines))
        return 0
    }

    private func logsTable(_ summaries: [Summary?], _ checks: [[LineCheck]], lines: Int) -> Table {
        var table = Table([
            "\(grouped(lines)) lines", "median", "slowest", "median / (a)", "lines in the files",
        ])
        let floor = summaries.first??.median
        for (index, variant) in logVariants.enumerated() {
            guard let summary = summaries[index] else { continue }
            let relative = floor.map { ratio(summary.median / $0) } ?? "—"
            table.add([
                variant.label, milliseconds(summary.median), milliseconds(summary.p99), relative,
                linesCell(checks[index], variant: variant, lines: lines),
            ])
        }
        return table
    }

    /// "400,000, whole, in order" or, with rotation, how many the kept files hold.
    private func linesCell(_ checks: [LineCheck], variant: LogVariant, lines: Int) -> String {
        let complete = variant.keep == 0
        guard let first = checks.first else { return "—" }
        let intact = checks.allSatisfy { $0.isIntact(count: lines, complete: complete) }
        let verdict =
            intact ? "whole, in order" : "BROKEN: \(first.broken) broken, \(first.outOfOrder) out of order"
        if complete { return "\(grouped(first.lines)) of \(grouped(lines)), \(verdict)" }
        return "newest \(grouped(first.lines)) kept in \(variant.keep + 1) files, \(verdict)"
    }

    private func logsNotes(_ idle: IdleKeeper, lines: Int, rounds: Int) -> [String] {
        var notes = [
            "Each row: from starting the process until it has ended, median of \(rounds) rounds, each running every variant once in a shuffled order; \"slowest\" is the slowest round. The program is this executable in a hidden mode writing \(grouped(lines)) lines of \(LogModes.lineLength) bytes (`0000042 a short log line`) in 64 KiB writes; the keeper is the tool's own code in a hidden mode (`daemoniker-bench tool run ...`), with a pid file.",
            "Every line is checked after each run: the program's lines must be whole (no split or mixed line, a well-formed timestamp with (d)), numbered one after the other, and end with the last; (c) keeps only the newest (PATH.3 ... PATH), the older ones rotated away past --log-keep 3.",
        ]
        let ticks = idle.ticks.map { "\($0) tick\($0 == 1 ? "" : "s")" } ?? "unavailable"
        let run = idle.runMicroseconds.map { "\(grouped($0)) µs on the CPU" } ?? "schedstat unavailable"
        notes.append(
            "Idle keeper (`start --log F --log-max-size 1M -- sleep 1000`), over 3 s: \(ticks) of utime + stime, \(run) in all its threads; each thread's wait in the kernel (wchan) and time on the CPU, the main thread first: \(idle.threads.joined(separator: "; "))."
        )
        return notes
    }

    private func logsGoals(_ summaries: [Summary?], _ checks: [[LineCheck]], _ idle: IdleKeeper, lines: Int)
        -> [Goal]
    {
        var goals: [Goal] = []
        let floor = summaries.first??.median
        if let floor, let rotating = summaries[2]?.median {
            let value = rotating / floor
            goals.append(
                Goal(
                    requirement: "(c) with rotation ≤ 2x (a) straight to a file", measured: ratio(value),
                    met: value <= 2))
        } else {
            goals.append(Goal(requirement: "(c) with rotation ≤ 2x (a)", measured: "unavailable", met: nil))
        }
        let intact = logVariants.indices.allSatisfy { index in
            checks[index].allSatisfy { $0.isIntact(count: lines, complete: logVariants[index].keep == 0) }
        }
        goals.append(
            Goal(
                requirement: "no line lost (but rotated away) or split, in every run",
                measured: intact ? "all whole" : "broken lines",
                met: intact))
        goals.append(
            Goal(
                requirement:
                    "an idle keeper's threads but the main one (log readers, control socket) use no CPU over 3 s",
                measured: idle.otherThreadsMicroseconds.map { "\(grouped($0)) µs" } ?? "unavailable",
                met: idle.otherThreadsMicroseconds.map { $0 == 0 }))
        goals.append(
            Goal(
                requirement: "an idle keeper uses no CPU (0 ticks of utime + stime over 3 s)",
                measured: idle.ticks.map { "\($0) tick\($0 == 1 ? "" : "s")" } ?? "unavailable",
                met: idle.ticks.map { $0 == 0 }))
        return goals
    }
#endif
