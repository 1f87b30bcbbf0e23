import CTestSupport
import DaemonikerPlatform
import DaemonikerTestSupport
import Foundation
import Testing

/// The helper executable, built beside the test bundle.
let helperPath = builtExecutable("DaemonikerTestHelper")

/// One start of the helper under a harness (a child subreaper), in its own test directory.
/// Every process below the harness is reaped by it; ``finish()`` fails the test if any of
/// them had to be killed.
final class HelperRun {
    let directory: TestDirectory
    let harness: pid_t
    private var harnessStatus: Int32?
    private var ptyMaster: Int32 = -1

    /// Starts `DaemonikerTestHelper daemon --dir DIR <arguments>` under the harness.
    /// - Parameters:
    ///   - environment: added to (or, with nil values, removed from) the test's environment.
    ///   - pty: run the launcher with a pseudo-terminal as its controlling terminal.
    ///   - dirtySignals: start it with some signals blocked and some ignored.
    ///   - command: a whole command instead of the helper's daemon mode.
    init(
        _ arguments: [String], in directory: TestDirectory? = nil, environment: [String: String?] = [:],
        pty: Bool = false, dirtySignals: Bool = false, closeStdio: Bool = false, command: [String]? = nil,
        harnessOptions: [String] = []
    ) throws {
        let directory = try directory ?? TestDirectory()
        self.directory = directory
        var harnessArguments = [helperPath, "harness", directory.file("harness.status")]
        if pty {
            var name = [CChar](repeating: 0, count: 128)
            ptyMaster = ts_open_pty(&name, UInt(name.count))
            guard ptyMaster >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            harnessArguments += [
                "--pty",
                String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            ]
        }
        if dirtySignals { harnessArguments.append("--dirty-signals") }
        if closeStdio { harnessArguments.append("--close-stdio") }
        harnessArguments += harnessOptions
        harnessArguments.append("--")
        harnessArguments += command ?? ([helperPath, "daemon", "--dir", directory.path] + arguments)

        var env = ProcessInfo.processInfo.environment
        env["XDG_RUNTIME_DIR"] = directory.path
        // Whatever supervisor runs the tests, the helper must not see it unless a test says so.
        for name in [
            "NOTIFY_SOCKET", "SYSTEMD_EXEC_PID", "INVOCATION_ID", "XPC_SERVICE_NAME", "SUPERVISOR_ENABLED",
            "DAEMONIKER_STRATEGY", "LISTEN_FDS", "LISTEN_PID",
        ] {
            env[name] = nil
        }
        for (key, value) in environment { env[key] = value }
        harness = try spawn(
            harnessArguments, environment: env.map { "\($0.key)=\($0.value)" },
            stdout: directory.file("launcher.out"), stderr: directory.file("launcher.err"))
    }

    /// The harness's status lines.
    var statusLines: [String] {
        (directory.read("harness.status") ?? "").split(separator: "\n").map(String.init)
    }

    /// Waits for the launching process to end and returns its exit status.
    func launcherExit(seconds: Double = 30) throws -> Int32 {
        try waitFor("the launcher to exit", seconds: seconds) {
            statusLines.first { $0.hasPrefix("launcher ") }.flatMap { Int32($0.split(separator: " ")[2]) }
        }
    }

    /// The launcher's standard error.
    var launcherError: String { directory.read("launcher.err") ?? "" }
    /// The launcher's standard output (what it wrote to the pseudo-terminal, when it had one).
    var launcherOutput: String {
        guard ptyMaster >= 0 else { return directory.read("launcher.out") ?? "" }
        let flags = fcntl(ptyMaster, F_GETFL)
        _ = fcntl(ptyMaster, F_SETFL, flags | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(ptyMaster, &buffer, buffer.count)
            if count <= 0 { break }
            ptyText += String(decoding: buffer.prefix(count), as: UTF8.self)
        }
        return ptyText.replacingOccurrences(of: "\r\n", with: "\n")
    }
    private var ptyText = ""

    /// Waits for the daemon's report.
    func report(seconds: Double = 30) throws -> Report {
        let data = try waitFor("the daemon's report", seconds: seconds) {
            FileManager.default.contents(atPath: directory.file("report.json"))
        }
        return try JSONDecoder().decode(Report.self, from: data)
    }

    /// The exit status the harness recorded for the orphan `pid` (the daemon), once it ended.
    func exitStatus(of pid: Int32, seconds: Double = 15) throws -> Int32 {
        try waitFor("pid \(pid) to end", seconds: seconds) {
            statusLines.first { $0.hasPrefix("exit \(pid) ") }.flatMap { Int32($0.split(separator: " ")[2]) }
        }
    }

    /// Ends `pids` (the daemon the test knows of) with SIGKILL, waits for the harness to reap
    /// everything below it, and records an issue if anything had to be killed by the harness.
    func finish(killing pids: [Int32] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        for pid in pids where Proc.exists(pid) { kill(pid, SIGKILL) }
        let ended = try? waitFor("the harness to reap every process", seconds: 10) { reapHarness() }
        if ended == nil {
            kill(harness, SIGTERM)  // It kills what is left and records each as a survivor.
            _ = try? waitFor("the harness to stop", seconds: 10) { reapHarness() }
            if reapHarness() == nil {
                kill(harness, SIGKILL)
                _ = try? waitFor("the harness to die", seconds: 5) { reapHarness() }
            }
        }
        let survivors = statusLines.filter { $0.hasPrefix("survivor ") }
        #expect(
            survivors.isEmpty, "processes survived the test: \(survivors)", sourceLocation: sourceLocation)
        #expect(
            statusLines.last == "done", "the harness did not finish: \(statusLines)",
            sourceLocation: sourceLocation)
        if ptyMaster >= 0 { close(ptyMaster) }
        ptyMaster = -1
    }

    private func reapHarness() -> Int32? {
        if let harnessStatus { return harnessStatus }
        var status: Int32 = 0
        if waitpid(harness, &status, WNOHANG) == harness {
            harnessStatus = status
            return status
        }
        return nil
    }

    deinit {
        if reapHarness() == nil {
            kill(harness, SIGTERM)
            _ = try? waitFor("the harness to stop", seconds: 10) { reapHarness() }
        }
        if ptyMaster >= 0 { close(ptyMaster) }
    }
}

/// Starts `arguments` through the platform layer's child spawn (every signal at its default,
/// none blocked, whatever the test runner has), stdin on /dev/null and stdout/stderr to files.
func spawn(_ arguments: [String], environment: [String], stdout: String, stderr: String) throws -> pid_t {
    let ends = [
        open("/dev/null", O_RDONLY | O_CLOEXEC),
        open(stdout, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644),
        open(stderr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644),
    ]
    defer { for fd in ends where fd >= 0 { close(fd) } }
    guard ends.allSatisfy({ $0 >= 0 }) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return try Platform.spawnChild(
        path: arguments[0], arguments: arguments, environment: environment,
        moves: [(ends[0], 0), (ends[1], 1), (ends[2], 2)])
}
