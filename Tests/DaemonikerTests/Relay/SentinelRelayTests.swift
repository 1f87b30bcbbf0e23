import CTestSupport
import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// Signals sent with `PIDFile.send` through the sentinel relay: every one delivered, a sentinel
/// ended by hand replaced without a dispatch, a stopped daemon, a relay that cannot answer; the
/// sentinel record's format.
@Suite struct SentinelRelayTests: SignalLoggingSuite {
    @Test func sentinelRecordsParseStrictly() {
        #expect(
            SentinelRecord(parsing: "123 456 77\n")
                == SentinelRecord(pid: 123, token: 456, daemon: 77, answersInPlace: false))
        #expect(
            SentinelRecord(parsing: "123 456 77 queued\n")
                == SentinelRecord(pid: 123, token: 456, daemon: 77, answersInPlace: true))
        for answersInPlace in [false, true] {
            let record = SentinelRecord(
                pid: 9, token: 2_147_483_647, daemon: 8, answersInPlace: answersInPlace)
            #expect(SentinelRecord(parsing: record.encoded) == record)
        }
        for bad in ["", "123", "123 456", "x 1 2", "0 5 6", "-3 5 6", "1 2 0", "1 2 3 4", "1 2 3 queued 5"] {
            #expect(SentinelRecord(parsing: bad) == nil, "accepted \(bad.debugDescription)")
        }
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
            let children = Proc.children(of: daemon.pid)
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
        #expect(Proc.alive(second.pid))
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
        _ = try waitFor("the sentinel to end", seconds: 5) { Proc.exists(sentinel.pid) ? nil : true }
        _ = try daemon.run.exitStatus(of: sentinel.pid)
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
        _ = try waitFor("the daemon to stop") { Proc.state(daemon.pid) == "T" ? true : nil }
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
        _ = try waitFor("the sentinel to end") { Proc.alive(sentinel.pid) ? nil : true }
        do {
            try PIDFile(directory.file("d.pid")).send(.user1, timeout: .milliseconds(300))
            Issue.record("send through a relay without a sentinel succeeded")
        } catch {
            #expect(error.code == .relayNotAnswering)
            #expect(error.message.contains("did not re-arm in time"))
        }
    }
}
