// The relay subcommand: measures a daemon with the relay off and one with it on, then prints
// the Markdown table, notes on anything unusual, and the relay's goals judged on the figures.
#if !os(Windows)
    /// Runs `relay`; returns the exit status.
    func runRelayBenchmark(count: Int, leakCount: Int) -> Int32 {
        let header = reportHeader("relay")
        let off: RelayFigures
        let on: RelayFigures
        do {
            off = try measureRelay(relay: false, count: count, leakCount: leakCount)
            on = try measureRelay(relay: true, count: count, leakCount: leakCount)
        } catch {
            writeStandardError("daemoniker-bench: relay: \(error)\n")
            return 1
        }
        print(header)
        print("")
        print(relayTable(off: off, on: on, count: count, leakCount: leakCount).render())
        print("")
        for note in relayNotes(off: off, on: on, count: count) { print("- \(note)") }
        printGoals(relayGoals(on, count: count))
        return 0
    }

    /// What to show where /proc could not be read.
    private var unavailable: String { ProcFS.isAvailable ? "unreadable" : "unavailable (no /proc)" }

    private func relayTable(off: RelayFigures, on: RelayFigures, count: Int, leakCount: Int) -> Table {
        var table = Table(["measure", "relay off", "relay on"])
        func row(_ title: String, _ cell: (RelayFigures) -> String) {
            table.add([title, cell(off), cell(on)])
        }
        let n = grouped(count)
        let k = grouped(leakCount)
        row("send → handler, median (\(n) one after another)") { latencyCell($0.latency, \.median) }
        row("send → handler, p99") { latencyCell($0.latency, \.p99) }
        row("\(n) back to back: first send → last stamp") { figures in
            figures.burst.allDeliveredAfter.map { milliseconds(Double($0)) } ?? "— (not all delivered)"
        }
        row("\(n) back to back: delivered / sent") { deliveredCell($0.burst) }
        row("4 concurrent senders, \(n) in all: delivered / sent") { deliveredCell($0.concurrent) }
        row("sentinel RSS / PSS (KiB)") { figures in
            guard let sentinel = figures.sentinel else { return "— (no sentinel)" }
            guard sentinel.pid != nil else { return "no sentinel record" }
            return sentinel.memory.map { "\(grouped($0.rss)) / \(grouped($0.pss))" } ?? unavailable
        }
        row("sentinel processes alive (most seen during the \(k) signals)") { figures in
            guard let sentinel = figures.sentinel else { return "— (no sentinel)" }
            guard let alive = sentinel.alive else { return unavailable }
            let most = sentinel.mostAliveUnderLoad.map { " (\($0))" } ?? ""
            let others = sentinel.otherChildren > 0 ? ", \(sentinel.otherChildren) other children" : ""
            return "\(alive)\(most)\(others)"
        }
        row("sentinel CPU over 1 s idle (ticks)") { figures in
            guard figures.sentinel != nil else { return "— (no sentinel)" }
            if figures.idle.sentinelReplaced { return "— (sentinel replaced meanwhile)" }
            return figures.idle.sentinelTicks.map { "\($0)" } ?? unavailable
        }
        row("daemon CPU over the same second (ticks)") { figures in
            figures.idle.daemonTicks.map { "\($0)" } ?? unavailable
        }
        row("daemon VmRSS (kB), before → after \(k) signals") { change($0, \.residentKilobytes) }
        row("daemon open descriptors, before → after") { change($0, \.descriptors) }
        row("daemon threads, before → after") { change($0, \.threads) }
        row("\(k) signals one after another: delivered / sent") { figures in
            let leak = figures.leak
            var text = "\(grouped(leak.delivered)) / \(grouped(leakCount))"
            if leak.gaveUp { text += " (stopped early)" }
            return text
        }
        return table
    }

    private func latencyCell(_ outcome: SequentialOutcome, _ figure: KeyPath<Summary, Double>) -> String {
        guard let summary = Summary(outcome.latencies) else { return "— (none delivered)" }
        var text = milliseconds(summary[keyPath: figure])
        if outcome.lost > 0 { text += " (\(outcome.lost) lost)" }
        if outcome.sendErrors > 0 { text += " (\(outcome.sendErrors) sends failed)" }
        return text
    }

    private func deliveredCell(_ burst: BurstOutcome) -> String {
        var text = "\(grouped(burst.delivered)) / \(grouped(burst.attempted))"
        if burst.sendErrors > 0 { text += " (\(burst.sendErrors) sends failed)" }
        return text
    }

    private func change(_ figures: RelayFigures, _ figure: KeyPath<Resources, Int?>) -> String {
        guard let before = figures.before?[keyPath: figure], let after = figures.after?[keyPath: figure]
        else {
            return unavailable
        }
        return "\(grouped(before)) → \(grouped(after))"
    }

    private func relayNotes(off: RelayFigures, on: RelayFigures, count: Int) -> [String] {
        var notes = [
            "Each signal is `PIDFile(path).send(.user1)`; its time runs from just before the call to the "
                + "monotonic stamp the daemon's handler writes to a pipe (the same clock in both processes). "
                + "\(warmUpSends) sends made first are not measured.",
            "A signal whose stamp has not arrived 10 s after its send (after the last send, back to back) "
                + "counts as lost; the sentinel's figures are read with no signal in flight, and sentinels are "
                + "also counted after every 500 signals of the leak check (the most seen is in brackets).",
        ]
        for figures in [off, on] {
            let mode = figures.relay ? "relay on" : "relay off"
            let bursts = [("back to back", figures.burst), ("by 4 concurrent senders", figures.concurrent)]
            for (how, burst) in bursts where burst.delivered < burst.attempted {
                notes.append(
                    "\(mode): \(burst.attempted - burst.delivered) of \(burst.attempted) signals sent \(how) "
                        + "never reached the handler"
                        + (figures.relay
                            ? "."
                            : ": a standard signal already pending is not queued again, so SIGUSR1 sent faster "
                                + "than the daemon takes it merges (POSIX); the relay's goals are judged on relay on.")
                )
            }
            let errors =
                [figures.latency, figures.leak].compactMap(\.firstError)
                + [figures.burst, figures.concurrent].compactMap(\.firstError)
            if let first = errors.first { notes.append("\(mode): a send failed: \(first)") }
            notes += figures.notes
        }
        if !ProcFS.isAvailable {
            notes.append("The /proc figures are unavailable on this OS (no Linux /proc).")
        }
        return notes
    }

    private func relayGoals(_ on: RelayFigures, count: Int) -> [Goal] {
        let summary = Summary(on.latency.latencies)
        let clean = on.latency.lost == 0 && on.latency.sendErrors == 0 && !on.latency.gaveUp
        let losses = clean ? "" : ", \(on.latency.lost) lost, \(on.latency.sendErrors) sends failed"
        let n = grouped(count)
        var goals = [
            Goal(
                requirement: "relay on: send → handler median < 0.5 ms",
                measured: (summary.map { milliseconds($0.median) } ?? "none delivered") + losses,
                met: summary.map { $0.median < 500_000 && clean }),
            Goal(
                requirement: "relay on: send → handler p99 < 2 ms",
                measured: (summary.map { milliseconds($0.p99) } ?? "none delivered") + losses,
                met: summary.map { $0.p99 < 2_000_000 && clean }),
        ]
        let burst = on.burst
        goals.append(
            Goal(
                requirement: "relay on: \(n) back to back in < 1 s, all delivered",
                measured:
                    "\(burst.allDeliveredAfter.map { milliseconds(Double($0)) } ?? "not all delivered"), "
                    + "\(burst.delivered) / \(burst.attempted) delivered",
                met: burst.allDeliveredAfter.map { $0 < 1_000_000_000 && burst.sendErrors == 0 } ?? false))
        let concurrent = on.concurrent
        goals.append(
            Goal(
                requirement: "relay on: 4 concurrent senders lose nothing",
                measured: "\(concurrent.delivered) / \(concurrent.attempted) delivered, "
                    + "\(concurrent.sendErrors) sends failed",
                met: concurrent.delivered == concurrent.attempted && concurrent.sendErrors == 0))
        goals.append(
            Goal(
                requirement: "relay on: sentinel CPU over an idle second is 0",
                measured: on.idle.sentinelTicks.map { "\($0) ticks" }
                    ?? (on.idle.sentinelReplaced ? "sentinel replaced meanwhile" : unavailable),
                met: on.idle.sentinelTicks.map { $0 == 0 }))
        let memory = on.sentinel?.memory
        goals.append(
            Goal(
                requirement: "relay on: sentinel PSS ≤ 1024 KiB",
                measured: memory.map { "\($0.pss) KiB" } ?? unavailable,
                met: memory.map { $0.pss <= 1024 }))
        let alive = on.sentinel?.alive.map { max($0, on.sentinel?.mostAliveUnderLoad ?? 0) }
        goals.append(
            Goal(
                requirement:
                    "relay on: at most 2 sentinel processes alive (one and a spare; at least one), at rest and under load",
                measured: alive.map { "at most \($0)" } ?? unavailable,
                met: alive.map { $0 >= 1 && $0 <= 2 }))
        return goals
    }
#endif
