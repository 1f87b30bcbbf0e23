import DaemonikerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `daemoniker` tool, beside the test bundle.
let toolPath = builtExecutable("daemoniker")

/// One test's world: its own directory, and a marker in the environment of everything it
/// starts, so that every process it left behind is found by its exact pid (in
/// `/proc/PID/environ`), killed, and reported by ``finish(sourceLocation:)``.
final class Sandbox {
    /// The test's directory, removed with the sandbox.
    private let temporary: TestDirectory
    /// `NAME=VALUE` carried by every process this test starts.
    let marker: String

    /// A new directory (``TestDirectory``).
    init() throws {
        temporary = try TestDirectory()
        marker = "DAEMONIKER_CLI_TEST=\(UUID().uuidString)"
    }

    /// The test's directory.
    var directory: String { temporary.path }

    /// A path in the test's directory.
    func path(_ name: String) -> String { temporary.file(name) }

    /// The file's text, or nil.
    func read(_ name: String) -> String? { temporary.read(name) }

    /// Whether something is at `name` in the test's directory.
    func exists(_ name: String) -> Bool { temporary.exists(name) }

    /// Runs the tool with `arguments` and waits (at most `seconds`) for it to end.
    @discardableResult
    func tool(_ arguments: [String], seconds: Double = 30, environment: [String: String] = [:]) throws
        -> ToolResult
    {
        try run([toolPath] + arguments, seconds: seconds, environment: environment)
    }

    /// Runs `command` with the marker in its environment; waits at most `seconds`.
    func run(_ command: [String], seconds: Double = 30, environment: [String: String] = [:]) throws
        -> ToolResult
    {
        let process = try start(command, environment: environment)
        try waitFor("\(command.joined(separator: " ")) to end", seconds: seconds) {
            process.process.isRunning ? nil : true
        }
        process.process.waitUntilExit()
        let signal =
            process.process.terminationReason == .uncaughtSignal ? process.process.terminationStatus : nil
        let status = signal.map { 128 + $0 } ?? process.process.terminationStatus
        return ToolResult(status: status, signal: signal, output: process.output(), error: process.error())
    }

    /// Starts `command` in the background, with the marker in its environment.
    func start(_ command: [String], environment: [String: String] = [:]) throws -> StartedProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for name in [
            "NOTIFY_SOCKET", "DAEMONIKER_STRATEGY", "INVOCATION_ID", "SYSTEMD_EXEC_PID", "LISTEN_FDS",
        ] {
            env[name] = nil
        }
        let pair = marker.split(separator: "=", maxSplits: 1).map(String.init)
        env[pair[0]] = pair[1]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let id = UUID().uuidString
        let out = path("out-\(id)")
        let err = path("err-\(id)")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        // Close-on-exec in this process (the child gets them as its stdout and stderr): tests run
        // in parallel, and an inheritable descriptor leaks into every process another test starts.
        let outHandle = FileHandle(forWritingAtPath: out)
        let errHandle = FileHandle(forWritingAtPath: err)
        for handle in [outHandle, errHandle].compactMap({ $0 }) {
            _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return StartedProcess(process: process, outPath: out, errPath: err)
    }

    /// Every live process carrying this test's marker.
    func survivors() -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let needle = Array(marker.utf8)
        return entries.compactMap { Int32($0) }.filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else {
                return false
            }
            let bytes = [UInt8](data)
            return bytes.split(separator: 0).contains { Array($0) == needle }
        }
    }

    /// Fails the test if anything it started still runs after a short grace (what ends on its
    /// own, such as a keeper after its program, gets 10 s); kills each survivor by pid. The
    /// directory goes with the sandbox.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        let deadline = Date().addingTimeInterval(10)
        var left = survivors()
        while !left.isEmpty, Date() < deadline {
            usleep(20_000)
            left = survivors()
        }
        for pid in left {
            let name = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "?"
            Issue.record(
                "process \(pid) (\(name.replacingOccurrences(of: "\0", with: " "))) survived the test",
                sourceLocation: sourceLocation)
            kill(pid, SIGKILL)
        }
    }

    /// A TCP port nobody listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        return bindToFreeLoopbackPort(fd) ?? 0
    }
}
