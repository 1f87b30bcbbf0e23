// daemoniker-bench: measures what Daemoniker costs and whether it keeps its promises, and prints
// Markdown tables (see `usage` in Options.swift):
//
//     swift run -c release daemoniker-bench relay [--count N] [--leak-count K]
//     swift run -c release daemoniker-bench launch [--rounds R]
//     swift run -c release daemoniker-bench logs [--lines N] [--rounds R]
//
// The benchmark also runs itself again in hidden modes (BenchDaemons.swift): as the daemon the
// relay measurements signal, as each launcher the launch measurements time, and as the program
// and the `daemoniker` tool the logs measurements run (LogModes.swift).
#if os(Windows)
    // The benchmark drives daemons through POSIX pipes, signals and posix_spawn; on Windows it
    // says so.
    import WinSDK

    print("daemoniker-bench measures the POSIX signal and launch paths; it does not run on Windows")
    ExitProcess(2)
#else
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    let arguments = Array(CommandLine.arguments.dropFirst())
    runHiddenMode(arguments)  // returns only when the arguments name no hidden mode
    runLogsHiddenMode(arguments)  // likewise

    closeInheritedDescriptorsOnExec()
    switch parseCommand(arguments) {
    case .success(.help):
        print(usage, terminator: "")
        exit(0)
    case .success(.relay(let count, let leakCount)):
        Leftovers.stopOnInterrupt()
        exit(runRelayBenchmark(count: count, leakCount: leakCount))
    case .success(.launch(let rounds)):
        Leftovers.stopOnInterrupt()
        exit(runLaunchBenchmark(rounds: rounds))
    case .success(.logs(let lines, let rounds)):
        Leftovers.stopOnInterrupt()
        exit(runLogsBenchmark(lines: lines, rounds: rounds))
    case .failure(let error):
        writeStandardError("daemoniker-bench: \(error)\n\n\(usage)")
        exit(2)
    }
#endif
