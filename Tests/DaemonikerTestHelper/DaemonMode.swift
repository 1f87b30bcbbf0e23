// The daemon mode: daemonize with the options on the command line, then write a report of the
// daemon's own process state and wait to be told to stop.
//
//   DaemonikerTestHelper daemon --dir DIR [options]
//
// Files in DIR: report.json (the daemon's state), state.json (the state it received),
// setup.log (one line per run of setup), child.txt (what a child of the daemon saw).
import Daemoniker
import DaemonikerTestSupport
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

struct DaemonOptions {
    var dir = "."
    var configuration = Daemoniker()
    var threads = 0
    var leakFD = false
    var failSetup = false
    var failBeforeReady = false
    var exitBeforeReady = false
    /// Exit status for an `exit()` inside setup (`--exit-in-setup CODE`).
    var exitInSetup: Int32?
    var hang = false
    var blobSize = 16
    var tamper: String?
    var spawnChild = false
    var openPreserved = false
    var handled: [Signal] = []
    /// Signals handled with `Signals.handle` before `daemonize` (logged "early handler NAME").
    var handledEarly: [Signal] = []
    var streamed: [Signal] = []
    var ignored: [Signal] = []
    var setupWaitsFor: String?
    var readyWhen: String?
    var ignoreChildSignal = false
    /// Service-manager and coexistence options (ServiceManagerMode.swift).
    var statusText: String?
    var dispatchTerm = false
    var dispatchTermEarly = false
    var ignoreTermEarly = false
    var reportActivated = false
    /// Upgrade options (UpgradeMode.swift).
    var upgrade = UpgradeOptions()

    init(_ arguments: [String]) {
        var index = 0
        func next() -> String {
            index += 1
            return index < arguments.count ? arguments[index] : ""
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--dir": dir = next()
            case "--strategy":
                configuration.strategy = DaemonizationStrategy(name: next()) ?? .automatic
            case "--pid-file": configuration.pidFile = next()
            case "--no-pid-file": configuration.pidFile = nil
            case "--cwd": configuration.workingDirectory = next()
            case "--umask": configuration.umask = UInt32(next(), radix: 8) ?? 0o022
            case "--stdin": configuration.standardInput = Self.stream(next())
            case "--stdout": configuration.standardOutput = Self.stream(next())
            case "--stderr": configuration.standardError = Self.stream(next())
            case "--preserve": configuration.preservedDescriptors.append(Int32(next()) ?? -1)
            case "--user": configuration.user = next()
            case "--group": configuration.group = next()
            case "--root": configuration.rootDirectory = next()
            case "--core": configuration.coreDumps = true
            case "--manual-ready": configuration.readiness = .manual
            case "--timeout-ms": configuration.readinessTimeout = .milliseconds(Int(next()) ?? 0)
            case "--relay": configuration.signalRelay = true
            case "--threads": threads = Int(next()) ?? 0
            case "--leak-fd": leakFD = true
            case "--fail-setup": failSetup = true
            case "--fail-before-ready": failBeforeReady = true
            case "--exit-before-ready": exitBeforeReady = true
            case "--exit-in-setup": exitInSetup = Int32(next()) ?? 1
            case "--hang": hang = true
            case "--blob": blobSize = Int(next()) ?? 16
            case "--tamper": tamper = next()
            case "--spawn-child": spawnChild = true
            case "--open-preserved": openPreserved = true
            case "--handle": handled += Self.signals(next())
            case "--handle-early": handledEarly += Self.signals(next())
            case "--stream": streamed += Self.signals(next())
            case "--ignore": ignored += Self.signals(next())
            case "--setup-waits-for": setupWaitsFor = next()
            case "--ready-when": readyWhen = next()
            case "--ignore-sigchld": ignoreChildSignal = true
            case "--arg": _ = next()  // Carried only to test argument passing.
            // What systemd puts in a service's main process's environment.
            case "--claim-systemd-exec-pid": setenv("SYSTEMD_EXEC_PID", "\(getpid())", 1)
            case "--claim-watchdog-pid": setenv("WATCHDOG_PID", "\(getpid())", 1)
            case "--status": statusText = next()
            case "--readiness-fd": configuration.readinessDescriptor = Int32(next())
            case "--dispatch-term": dispatchTerm = true
            case "--dispatch-term-early": dispatchTermEarly = true
            case "--ignore-term-early": ignoreTermEarly = true
            case "--report-activated": reportActivated = true
            case "--accept-upgrades": configuration.acceptsUpgrades = true
            case "--listen":
                if let address = try? ListenAddress(parsing: next()) { configuration.listen.append(address) }
            case "--serve": upgrade.serve = true
            case "--drain-exit": upgrade.drainExit = true
            case "--drain-ms": upgrade.drainMilliseconds = UInt32(next()) ?? 0
            case "--next-generation":
                upgrade.nextGeneration = next()
                configuration.readiness = .manual
            default: break
            }
            index += 1
        }
    }

    static func signals(_ text: String) -> [Signal] {
        text.split(separator: ",").compactMap { Signal(name: String($0)) }
    }

    static func stream(_ text: String) -> StandardStream {
        switch text {
        case "null": .null
        case "inherit": .inherit
        case "same": .sameAsOutput
        case let path where path.hasPrefix("append:"): .file(String(path.dropFirst(7)), append: true)
        case let path where path.hasPrefix("truncate:"): .file(String(path.dropFirst(9)), append: false)
        default: .null
        }
    }
}

struct SetupFailure: Error, CustomStringConvertible {
    var description: String { "the helper's setup was told to fail (--fail-setup)" }
}

func runDaemon(_ arguments: [String]) -> Never {
    var options = DaemonOptions(arguments)
    let dir = options.dir
    for _ in 0..<options.threads {
        var thread = pthread_t()
        pthread_create(
            &thread, nil,
            { _ in
                while true { pause() }
            }, nil)
    }
    var leaked: Int32?
    if options.leakFD {
        leaked = open("\(dir)/leaked", O_RDONLY | O_CREAT, 0o644)  // Deliberately not close-on-exec.
    }
    if options.openPreserved {
        let fd = open("\(dir)/preserved", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        options.configuration.preservedDescriptors.append(fd)
    }
    if options.ignoreChildSignal { signal(SIGCHLD, SIG_IGN) }
    if !options.handledEarly.isEmpty {
        do {
            try Signals.handle(options.handledEarly) { signal in
                logSignal("early handler \(signal.name)", dir: dir)
            }
        } catch {
            writeError("daemoniker-test-helper: \(error)\n")
            exit(70)
        }
    }
    if options.dispatchTermEarly { handleTerminateWithDispatch(dir: dir) }
    // What a program that leaves SIGTERM to a kqueue Dispatch source does (macOS, FreeBSD).
    if options.ignoreTermEarly { signal(SIGTERM, SIG_IGN) }
    if let tamper = options.tamper {
        RelaunchBackend.stateFileHook = { fd in Tamper.apply(tamper, to: fd, dir: dir) }
    }
    let daemon = options.configuration.daemonize(
        setup: { () throws -> HelperState in
            let log = open("\(dir)/setup.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            let line = Array("setup ran in pid \(getpid())\n".utf8)
            _ = line.withUnsafeBytes { write(log, $0.baseAddress, $0.count) }
            close(log)
            if options.failSetup { throw SetupFailure() }
            if let code = options.exitInSetup { exit(code) }
            if let path = options.setupWaitsFor { waitForFile(path) }
            return HelperState.make(blobSize: options.blobSize)
        },
        whenReady: { launch in
            // Proof of order: by now the pid file must hold the pid, and (with manual readiness)
            // the report the daemon writes before calling ready() must exist.
            let contents = launch.pidFile.flatMap(Proc.read) ?? "none"
            let reported = access("\(dir)/report.json", F_OK) == 0
            print(
                "ready: pid \(launch.pid) strategy \(launch.strategy) pidfile \(contents.debugDescription) report \(reported)"
            )
        })
    // Handlers first: with automatic readiness the launcher has already exited, and the tests
    // send signals as soon as the report exists.
    installSignalActions(daemon, options, dir: dir)
    if options.dispatchTerm { handleTerminateWithDispatch(dir: dir) }
    if options.reportActivated { reportActivatedSockets(daemon, dir: dir) }
    let report = makeReport(
        strategy: daemon.strategy.name, pidFile: daemon.pidFile, leakedFD: leaked,
        preserved: options.configuration.preservedDescriptors)
    if let encoded = try? JSONEncoder().encode(daemon.state) {
        writeAtomically(Array(encoded), to: "\(dir)/state.json")
    }
    if options.spawnChild {
        var pid: pid_t = 0
        let script = "echo \"${DAEMONIKER_RELAUNCH-unset}\" > '\(dir)/child.txt'"
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
        if posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0 {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
    if let encoded = try? JSONEncoder().encode(report) {
        writeAtomically(Array(encoded), to: "\(dir)/report.json")
    }
    if options.failBeforeReady {
        daemon.fail(
            DaemonikerError(
                .daemonFailed, "the helper daemon was told to fail before ready (--fail-before-ready)"))
    }
    if options.exitBeforeReady { _exit(3) }
    runUpgradeOptions(daemon, options.upgrade, dir: dir)
    if let path = options.readyWhen { waitForFile(path) }
    if !options.hang { daemon.ready() }
    if let text = options.statusText { daemon.status(text) }
    writeAtomically(Array("ready\n".utf8), to: "\(dir)/ready.done")
    print("daemon \(getpid()) running")
    while true { pause() }
}

/// Appends `line` to DIR/signals.log (one write, so lines from two threads do not mix).
func logSignal(_ line: String, dir: String) {
    let fd = open("\(dir)/signals.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

/// Handlers log "handler NAME", streams "stream NAME"; both also print to standard output.
func installSignalActions(_ daemon: Daemon<HelperState>, _ options: DaemonOptions, dir: String) {
    do {
        for signal in options.handled {
            try daemon.onSignal(signal) { signal in
                logSignal("handler \(signal.name)", dir: dir)
                print("handled \(signal.name)")
            }
        }
        for signal in options.ignored { try Signals.setAction(.ignore, for: signal) }
        if !options.streamed.isEmpty {
            let stream = try SignalSequence(options.streamed)
            Task.detached {
                for await signal in stream { logSignal("stream \(signal.name)", dir: dir) }
            }
        }
    } catch {
        daemon.fail(error)
    }
}

/// Waits (up to 30 s) until `path` exists: the test's go-ahead.
func waitForFile(_ path: String) {
    for _ in 0..<30_000 where access(path, F_OK) != 0 { usleep(1000) }
}
