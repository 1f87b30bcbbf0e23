import CTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// Signals sent with `PIDFile.send` to real daemons, directly and through the sentinel relay.
@Suite struct SignalTests {
    static let relayModes = [false, true]
    static let sent: [Signal] = [.terminate, .interrupt, .hangup, .user1, .user2]

    /// Starts a daemon that logs each of `handled` from a handler and from an async stream.
    func start(_ strategy: String, relay: Bool, extra: [String] = [], in directory: TestDirectory) throws
        -> StartedDaemon
    {
        let names = Self.sent.map(\.name).joined(separator: ",")
        return try startDaemon(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--handle", names, "--stream",
                names,
            ]
                + (relay ? ["--relay"] : []) + extra, in: directory)
    }

    func lines(_ directory: TestDirectory) -> [String] {
        (directory.read("signals.log") ?? "").split(separator: "\n").map(String.init)
    }

    func record(_ directory: TestDirectory) -> SentinelRecord? {
        SentinelRecord(parsing: directory.read("d.pid.sentinel") ?? "")
    }

    @Test(arguments: detachingStrategies, relayModes)
    func eachSignalReachesItsHandlerAndTheStream(strategy: String, relay: Bool) throws {
        let directory = try TestDirectory()
        let daemon = try start(strategy, relay: relay, in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect((record(directory) != nil) == relay, "a sentinel record exists exactly when the relay is on")
        for signal in Self.sent {
            try PIDFile(directory.file("d.pid")).send(signal)
            _ = try waitFor("\(signal) in the handler and the stream") {
                let seen = lines(directory)
                return seen.contains("handler \(signal.name)") && seen.contains("stream \(signal.name)")
                    ? true : nil
            }
        }
        #expect(lines(directory).count == 2 * Self.sent.count, "\(lines(directory))")
        #expect(directory.read("d.pid") == "\(daemon.pid)\n", "the pid file must still name the daemon")
        #expect(processIsLive(daemon.pid))
    }

    @Test(arguments: detachingStrategies)
    func twoHundredRelayedSignalsAreAllDelivered(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--handle", "USR1", "--relay"],
            in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        for _ in 0..<200 { try PIDFile(directory.file("d.pid")).send(.user1) }
        let count = try waitFor("200 handled signals") {
            let count = lines(directory).filter { $0 == "handler SIGUSR1" }.count
            return count >= 200 ? count : nil
        }
        #expect(count == 200)
        // Exactly one sentinel is left: the one on record.
        let current = try #require(record(directory))
        let sentinels = try waitFor("the old sentinels to be reaped") {
            let children = childrenOf(daemon.pid)
            return children.count == 1 ? children : nil
        }
        #expect(sentinels == [current.pid])
    }

    /// A sentinel ended by hand (a kill, or a real-time signal queued without its token) is
    /// replaced, and nothing is dispatched in the daemon.
    @Test(arguments: detachingStrategies, ["KILL", "TERM", "USR1 forged"])
    func aSentinelKilledByHandIsReplacedWithoutDispatch(strategy: String, signalName: String) throws {
        let directory = try TestDirectory()
        let daemon = try start(strategy, relay: true, in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let first = try #require(record(directory))
        if signalName == "USR1 forged" {
            let forged = (((first.token &+ 1) & 0x7F_FFFF) << 8) | SIGUSR1
            #expect(sigqueue(first.pid, ts_relay_signal(), sigval(sival_int: forged)) == 0)
        } else {
            kill(first.pid, Signal(name: signalName)?.rawValue ?? SIGKILL)
        }
        let second = try waitFor("a new sentinel") {
            record(directory).flatMap { $0.pid != first.pid ? $0 : nil }
        }
        #expect(processIsLive(second.pid))
        // The relay still works, and nothing was dispatched for the sentinel's death.
        try PIDFile(directory.file("d.pid")).send(.user2)
        _ = try waitFor("SIGUSR2 in the handler") {
            lines(directory).contains("handler SIGUSR2") ? true : nil
        }
        let name = signalName.split(separator: " ")[0]
        #expect(!lines(directory).contains { $0.hasSuffix(name) }, "\(lines(directory))")
        #expect(lines(directory).filter { $0.hasPrefix("handler") } == ["handler SIGUSR2"])
    }

    @Test(arguments: detachingStrategies)
    func killingTheDaemonLeavesNoSentinel(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try start(strategy, relay: true, in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        kill(daemon.pid, SIGKILL)
        _ = try waitFor("the sentinel to end", seconds: 5) { processExists(sentinel.pid) ? nil : true }
        _ = try daemon.run.exitStatus(of: sentinel.pid)
    }

    /// A handler installed before `daemonize` (which `.relaunch` runs again in the daemon) keeps
    /// working there, and terminate still exits cleanly: the daemon's reset of every disposition
    /// and closing of descriptors must not take the dispatcher's wake-up pipe away.
    @Test(arguments: relayModes)
    func aHandlerInstalledBeforeDaemonizeSurvivesTheRelaunch(relay: Bool) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", "relaunch", "--pid-file", directory.file("d.pid"), "--handle-early", "USR1"]
                + (relay ? ["--relay"] : []), in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        for count in 1...2 {
            try PIDFile(directory.file("d.pid")).send(.user1)
            _ = try waitFor("early handler number \(count)") {
                lines(directory).filter { $0 == "early handler SIGUSR1" }.count == count ? true : nil
            }
        }
        try PIDFile(directory.file("d.pid")).send(.terminate)
        #expect(try daemon.run.ending(of: daemon.pid) == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
    }

    @Test(arguments: detachingStrategies, relayModes)
    func terminateWithoutAHandlerExitsCleanly(strategy: String, relay: Bool) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")] + (relay ? ["--relay"] : []),
            in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        try PIDFile(directory.file("d.pid")).send(.terminate)
        #expect(try daemon.run.ending(of: daemon.pid) == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
        #expect(!directory.exists("d.pid.sentinel"))
        #expect(PIDFile(directory.file("d.pid")).status() == .stopped)
    }

    @Test(arguments: detachingStrategies, relayModes)
    func hangupReopensTheLogFile(strategy: String, relay: Bool) throws {
        let directory = try TestDirectory()
        let log = directory.file("out.log")
        let daemon = try startDaemon(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--stdout", "append:\(log)",
                "--handle", "USR1",
            ]
                + (relay ? ["--relay"] : []), in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        _ = try waitFor("the first line in the log") {
            directory.read("out.log")?.contains("running") == true ? true : nil
        }
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try PIDFile(directory.file("d.pid")).send(.hangup)
        _ = try waitFor("a new log file") { directory.exists("out.log") ? true : nil }
        try PIDFile(directory.file("d.pid")).send(.user1)
        _ = try waitFor("the handler's line in the new log") {
            directory.read("out.log")?.contains("handled SIGUSR1") == true ? true : nil
        }
        #expect(directory.read("out.log.1")?.contains("handled SIGUSR1") == false)
        #expect(processIsLive(daemon.pid))
    }

    @Test(arguments: detachingStrategies, relayModes)
    func statusAndStop(strategy: String, relay: Bool) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let relayFlag = relay ? ["--relay"] : []
        let polite = try startDaemon(
            ["--strategy", strategy, "--pid-file", pidFile] + relayFlag, in: directory)
        #expect(PIDFile(pidFile).status() == .running(pid: polite.pid))
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try polite.run.ending(of: polite.pid) == .killed(by: SIGTERM))
        polite.run.finish()
        #expect(PIDFile(pidFile).status() == .stopped)

        let stubborn = try startDaemon(
            ["--strategy", strategy, "--pid-file", pidFile, "--ignore", "TERM"] + relayFlag)
        defer { stubborn.run.finish(killing: [stubborn.pid]) }
        #expect(try PIDFile(pidFile).stop(timeout: .milliseconds(300)) == .killed)
        #expect(try stubborn.run.exitStatus(of: stubborn.pid) == 128 + SIGKILL)
        #expect(PIDFile(pidFile).status() == .stale(pid: stubborn.pid))
    }

    @Test func sendReportsWhyItCannot() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        #expect(throws: DaemonikerError.self) { try PIDFile(pidFile).send(.user1) }
        do {
            try PIDFile(pidFile).send(.user1)
        } catch {
            #expect(error.code == .notRunning)
            #expect(error.message.contains("pid file \(pidFile) does not exist"))
        }
        let daemon = try startDaemon(["--strategy", "fork", "--pid-file", pidFile], in: directory)
        kill(daemon.pid, SIGKILL)
        _ = try daemon.run.exitStatus(of: daemon.pid)
        daemon.run.finish()
        do {
            try PIDFile(pidFile).send(.user1)
            Issue.record("send to a stale pid file succeeded")
        } catch {
            #expect(error.code == .stalePIDFile)
            #expect(error.message.contains("names pid \(daemon.pid) but no process holds its lock"))
        }
    }

    /// Signals relayed to a stopped daemon wait in the queue, as signals sent to any stopped
    /// process do, and all arrive once it continues.
    @Test func signalsRelayedToAStoppedDaemonArriveWhenItContinues() throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--handle", "USR1", "--relay"],
            in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        kill(daemon.pid, SIGSTOP)
        _ = try waitFor("the daemon to stop") { processState(daemon.pid) == "T" ? true : nil }
        for _ in 0..<3 { try PIDFile(directory.file("d.pid")).send(.user1, timeout: .milliseconds(300)) }
        #expect(lines(directory).isEmpty, "a stopped daemon handled \(lines(directory))")
        kill(daemon.pid, SIGCONT)
        let handled = try waitFor("three handled signals") {
            let handled = lines(directory).filter { $0 == "handler SIGUSR1" }.count
            return handled >= 3 ? handled : nil
        }
        #expect(handled == 3)
    }

    /// A relay whose sentinel is gone and is not replaced in time (the daemon is stopped, so its
    /// watcher cannot start the next one) is reported, not waited for forever.
    @Test func aRelayThatCannotReplaceItsSentinelDoesNotAnswer() throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--handle", "USR1", "--relay"],
            in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        kill(daemon.pid, SIGSTOP)
        defer { kill(daemon.pid, SIGCONT) }
        kill(sentinel.pid, SIGKILL)
        _ = try waitFor("the sentinel to end") { processIsLive(sentinel.pid) ? nil : true }
        do {
            try PIDFile(directory.file("d.pid")).send(.user1, timeout: .milliseconds(300))
            Issue.record("send through a relay without a sentinel succeeded")
        } catch {
            #expect(error.code == .relayNotAnswering)
            #expect(error.message.contains("did not re-arm in time"))
        }
    }

    @Test func theIdleSentinelUsesNoCPU() throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", "fork", "--pid-file", directory.file("d.pid"), "--relay"], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        let sentinel = try #require(record(directory))
        let before = try #require(cpuTicks(sentinel.pid))
        usleep(2_000_000)  // The measurement window itself, not a synchronisation.
        let after = try #require(cpuTicks(sentinel.pid))
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
            let maps = readProcFile("/proc/\(sentinel.pid)/maps") ?? ""
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
        #expect(processIsLive(next.pid))
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
        let maps = try #require(readProcFile("/proc/\(sentinel.pid)/maps"))
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
        _ = try waitFor("the sentinel to wait again") { processState(sentinel.pid) == "S" ? true : nil }
        #expect(record(directory) == sentinel)
    }
}
