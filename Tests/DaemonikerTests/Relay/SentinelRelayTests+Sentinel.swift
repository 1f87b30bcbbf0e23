import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The sentinel process itself: idle, without the Swift runtime, with lazy binding, and never
/// stopped by a terminal.
extension SentinelRelayTests {
    @Test func theIdleSentinelUsesNoCPU() throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--relay"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        let before = try #require(Proc.cpuTicks(sentinel.pid))
        usleep(2_000_000)  // The measurement window itself, not a synchronisation.
        let after = try #require(Proc.cpuTicks(sentinel.pid))
        #expect(after - before <= 1, "the sentinel used \(after - before) clock ticks while idle")
        #expect(try String(contentsOfFile: "/proc/\(sentinel.pid)/stat", encoding: .utf8).contains(") S "))
    }

    /// Once armed, a Linux sentinel unmaps the runtime libraries it never calls, and still relays
    /// (and still tells a relayed signal from a kill by hand).
    @Test func theSentinelShedsTheSwiftRuntime() throws {
        let directory = try TestDirectory()
        let daemon = try start("fork", relay: true, in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        let maps = try waitFor("the sentinel to shed the runtime") {
            let maps = Proc.read("/proc/\(sentinel.pid)/maps") ?? ""
            return maps.contains("libswiftCore") ? nil : maps
        }
        #expect(maps.contains("libc.so"), "libc stays: the sentinel calls it")
        try PIDFile(directory.file("d.pid")).send(.hangup)
        _ = try waitFor("SIGHUP in the handler") { lines(directory).contains("handler SIGHUP") ? true : nil }
        #expect(record(directory) == sentinel, "the same sentinel answered")
        kill(sentinel.pid, SIGTERM)
        let next = try waitFor("a new sentinel") {
            record(directory).flatMap { $0.pid != sentinel.pid ? $0 : nil }
        }
        #expect(Proc.alive(next.pid))
        #expect(!lines(directory).contains { $0.hasSuffix("SIGTERM") }, "\(lines(directory))")
    }

    /// Under a dynamic linker told to bind on every call, the sentinel keeps its libraries (it
    /// would crash looking for symbols in unmapped ones) and still relays.
    @Test func theSentinelKeepsItsLibrariesWhenBindingIsLazyForEveryCall() throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--handle", "USR1", "--relay"],
            in: directory, environment: ["LD_BIND_NOT": "1"])
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        let maps = try #require(Proc.read("/proc/\(sentinel.pid)/maps"))
        #expect(maps.contains("libswiftCore"))
        try PIDFile(directory.file("d.pid")).send(.user1)
        _ = try waitFor("SIGUSR1 in the handler") {
            lines(directory).contains("handler SIGUSR1") ? true : nil
        }
        #expect(record(directory) == sentinel)
    }

    /// A stop signal from a terminal does not stop the sentinel: a stopped sentinel would hold
    /// back every signal queued to it.
    @Test func terminalStopSignalsDoNotStopTheSentinel() throws {
        let directory = try TestDirectory()
        let daemon = try start("fork", relay: true, in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        for stop in [SIGTSTP, SIGTTIN, SIGTTOU] { kill(sentinel.pid, stop) }
        try PIDFile(directory.file("d.pid")).send(.user2)
        _ = try waitFor("SIGUSR2 in the handler") {
            lines(directory).contains("handler SIGUSR2") ? true : nil
        }
        // Running or asleep again, never stopped.
        _ = try waitFor("the sentinel to wait again") { Proc.state(sentinel.pid) == "S" ? true : nil }
        #expect(record(directory) == sentinel)
    }
}
