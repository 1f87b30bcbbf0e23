// The command line: the subcommands, their options, and the usage text.
#if !os(Windows)
    /// What the command line asks for.
    enum Command {
        /// `relay [--count N] [--leak-count K]`.
        case relay(count: Int, leakCount: Int)
        /// `launch [--rounds R]`.
        case launch(rounds: Int)
        /// `logs [--lines N] [--rounds R]`.
        case logs(lines: Int, rounds: Int)
        /// No subcommand, `help`, `-h` or `--help`.
        case help
    }

    /// The usage text.
    let usage = """
        usage: daemoniker-bench relay [--count N] [--leak-count K]
               daemoniker-bench launch [--rounds R]
               daemoniker-bench logs [--lines N] [--rounds R]
               daemoniker-bench --help

        relay   signal delivery through PIDFile.send to a daemon, with the sentinel relay off and on:
                send → handler latency (N one after another; median, p99), N back-to-back sends,
                4 concurrent senders, the sentinel's memory, count and idle CPU, and the daemon's
                memory, descriptors and threads before and after K signals.
                Defaults: N = 1000, K = 10000.
        launch  time from starting a launcher until it has exited and its daemon is ready, for a
                hand-written Swift double fork (the floor), .fork, .relaunch, .fork with
                RLIMIT_NOFILE at its hard limit, and python-daemon; R interleaved rounds.
                Default: R = 15.
        logs    a program writing N short lines as fast as it can: wall time with its output (a)
                straight to a file, through `daemoniker run --log F` (b) as it is, (c) rotated
                with --log-max-size 1M --log-keep 3, (d) with --log-timestamps; every line
                checked whole and in order; an idle keeper's CPU over 3 s. R interleaved rounds.
                Defaults: N = 400000, R = 5.

        Each prints a Markdown table and whether each goal was met. Build with -c release.

        """

    /// Parses the arguments after the program name; a message (for standard error, with the
    /// usage) for anything it does not understand.
    func parseCommand(_ arguments: [String]) -> Result<Command, BenchError> {
        guard let subcommand = arguments.first else { return .success(.help) }
        var options: [String: Int] = [:]
        let allowed: [String]
        switch subcommand {
        case "help", "-h", "--help": return .success(.help)
        case "relay": allowed = ["--count", "--leak-count"]
        case "launch": allowed = ["--rounds"]
        case "logs": allowed = ["--lines", "--rounds"]
        default: return .failure(BenchError("unknown subcommand '\(subcommand)'"))
        }
        var rest = arguments.dropFirst()
        while let option = rest.popFirst() {
            var name = option
            var value: String?
            if let equals = option.firstIndex(of: "=") {
                name = String(option[..<equals])
                value = String(option[option.index(after: equals)...])
            }
            guard allowed.contains(name) else {
                return .failure(BenchError("\(subcommand): unknown option '\(option)'"))
            }
            if value == nil { value = rest.popFirst() }
            guard let value, let number = Int(value), number > 0 else {
                return .failure(BenchError("\(subcommand): \(name) needs a positive whole number"))
            }
            options[name] = number
        }
        if subcommand == "relay" {
            return .success(
                .relay(count: options["--count"] ?? 1000, leakCount: options["--leak-count"] ?? 10_000))
        }
        if subcommand == "logs" {
            return .success(.logs(lines: options["--lines"] ?? 400_000, rounds: options["--rounds"] ?? 5))
        }
        return .success(.launch(rounds: options["--rounds"] ?? 15))
    }
#endif
