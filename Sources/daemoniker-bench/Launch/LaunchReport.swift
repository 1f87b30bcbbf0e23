// The launch subcommand: writes the python-daemon script, measures every variant in interleaved
// rounds, then prints the Markdown table, notes, and the launch goals judged on the medians.
#if !os(Windows)
    /// Runs `launch`; returns the exit status.
    func runLaunchBenchmark(rounds: Int) -> Int32 {
        let header = reportHeader("launch")
        let limit = openFileLimit()
        let nofile = openFileLimitAtMax().map { grouped(Int(clamping: $0.limit)) } ?? "hard limit"
        let scripts: TemporaryDirectory
        do {
            scripts = try TemporaryDirectory(prefix: "daemoniker-bench-script")
        } catch {
            writeStandardError("daemoniker-bench: launch: \(error)\n")
            return 1
        }
        defer { scripts.remove() }
        let script = "\(scripts.path)/python_daemon_launch.py"
        var availability = checkPythonDaemon(scratch: "\(scripts.path)/versions.txt")
        do {
            try writeText(script, pythonDaemonScript)
        } catch {
            availability = .unavailable("cannot write the script: \(error)")
        }
        let variants = launchVariants(python: availability, script: script, nofile: nofile)
        let samples: [LaunchSamples]
        do {
            samples = try measureLaunches(variants, rounds: rounds)
        } catch {
            writeStandardError("daemoniker-bench: launch: \(error)\n")
            return 1
        }
        let summaries = samples.map { Summary($0.times) }

        print(header)
        print("")
        print(launchTable(variants, samples, summaries, rounds: rounds).render())
        print("")
        var notes = launchNotes(variants, samples, rounds: rounds, limit: limit)
        if case .available(let python, let versions) = availability {
            notes.append("python-daemon: \(python) (\(versions)), script written to the temporary directory.")
        }
        for note in notes { print("- \(note)") }
        printGoals(launchGoals(variants, summaries))
        return 0
    }

    private func launchTable(
        _ variants: [LaunchVariant], _ samples: [LaunchSamples], _ summaries: [Summary?], rounds: Int
    ) -> Table {
        var table = Table(["variant", "median", "p99", "median / floor", "rounds ok"])
        let floor = variants.firstIndex { $0.kind == .floor }.flatMap { summaries[$0]?.median }
        for (index, variant) in variants.enumerated() {
            if let why = variant.unavailable {
                table.add([variant.label, why, "—", "—", "—"])
                continue
            }
            let ok = "\(samples[index].times.count) / \(rounds)"
            guard let summary = summaries[index] else {
                table.add([variant.label, "— (every round failed)", "—", "—", ok])
                continue
            }
            let relative = floor.map { ratio(summary.median / $0) } ?? "—"
            table.add([variant.label, milliseconds(summary.median), milliseconds(summary.p99), relative, ok])
        }
        return table
    }

    private func launchNotes(
        _ variants: [LaunchVariant], _ samples: [LaunchSamples], rounds: Int,
        limit: (soft: UInt64, hard: UInt64)?
    ) -> [String] {
        var notes = [
            "Launch time: from just before posix_spawn of the launcher until both its waitpid has returned "
                + "and the daemon's ready byte has been read. Every launcher is a fresh process "
                + "(this executable, or python3), so process start-up is included.",
            "Daemoniker variants use `readiness: .manual` and call `daemon.ready()` at once; the floor's "
                + "grandchild and python-daemon's daemon write their byte as soon as they run.",
            "One warm-up launch of each variant is not counted; then \(rounds) rounds, each launching every "
                + "variant once, in an order shuffled each round. p99 is by nearest rank "
                + "(with fewer than 100 rounds, the slowest).",
        ]
        let median = { (kind: LaunchKind) -> Double? in
            variants.firstIndex(where: { $0.kind == kind }).flatMap { Summary(samples[$0].times)?.median }
        }
        if let floor = median(.floor), let start = median(.startOnly) {
            notes.append(
                "`.relaunch` starts the executable twice (the launcher, then the daemon), so it cannot take "
                    + "less than the floor plus one start of this executable: \(milliseconds(floor + start)) "
                    + "here, \(ratio((floor + start) / floor)) the floor's.")
        }
        if let limit {
            var text =
                "This process's RLIMIT_NOFILE: soft \(grouped(Int(clamping: limit.soft))), "
                + "hard \(grouped(Int(clamping: limit.hard)))."
            let atMax = openFileLimitAtMax()
            if let atMax {
                text +=
                    " The at-max row launches with soft and hard at \(grouped(Int(clamping: atMax.limit)))"
                    + (atMax.kernelMaximum ? " (the kernel's fs.nr_open, raised as root)." : ".")
            }
            if limit.soft == (atMax?.limit ?? limit.hard) {
                text +=
                    " The soft limit is already at the hard one here, so the RLIMIT_NOFILE row is the same "
                    + "launch as `.fork`"
                if let fork = variants.firstIndex(where: { $0.kind == .fork }),
                    let nofile = variants.firstIndex(where: { $0.kind == .forkNofileAtMax }),
                    let forkMedian = Summary(samples[fork].times)?.median,
                    let nofileMedian = Summary(samples[nofile].times)?.median
                {
                    let spread = abs(nofileMedian - forkMedian) / min(forkMedian, nofileMedian) * 100
                    text += "; the \(fixed(spread, 0)) % between their medians is this run's noise"
                }
                text += "."
            }
            notes.append(text)
        }
        for (index, variant) in variants.enumerated() {
            if let failure = samples[index].firstFailure {
                notes.append(
                    "\(variant.label): \(samples[index].failures) launch(es) failed; first: \(failure)")
            }
            for (stop, times) in samples[index].unusualStops.sorted(by: { $0.key.rawValue < $1.key.rawValue })
            {
                notes.append("\(variant.label): the daemon \(stop.rawValue) \(times) time(s) when stopped")
            }
        }
        return notes
    }

    private func launchGoals(_ variants: [LaunchVariant], _ summaries: [Summary?]) -> [Goal] {
        /// A goal on `kind`'s median against `reference`'s: at most (or at least) `bound` times.
        func goal(_ kind: LaunchKind, _ reference: LaunchKind, atMost: Bool, _ bound: Double) -> Goal {
            guard let row = variants.firstIndex(where: { $0.kind == kind }),
                let base = variants.firstIndex(where: { $0.kind == reference })
            else {
                return Goal(
                    requirement: "\(kind.name) against \(reference.name)", measured: "not run", met: nil)
            }
            let requirement =
                "\(kind.name) median \(atMost ? "≤" : "≥") \(fixed(bound, 1))x \(reference.name)'s"
            guard let value = summaries[row]?.median, let reference = summaries[base]?.median else {
                let why = variants[row].unavailable ?? variants[base].unavailable ?? "no successful launch"
                return Goal(requirement: requirement, measured: why, met: nil)
            }
            return Goal(
                requirement: requirement,
                measured: "\(ratio(value / reference)): \(milliseconds(value)) vs \(milliseconds(reference))",
                met: atMost ? value <= bound * reference : value >= bound * reference)
        }
        return [
            goal(.fork, .floor, atMost: true, 1.2),
            goal(.relaunch, .floor, atMost: true, 1.6),
            goal(.pythonDaemon, .fork, atMost: false, 5),
            goal(.forkNofileAtMax, .fork, atMost: true, 1.1),
        ]
    }
#endif
