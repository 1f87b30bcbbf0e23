import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// Signals in a daemon: each reaches its handler and stream, directly and through the relay; a
/// handler set before `daemonize` survives the relaunch; terminate without a handler cleans up;
/// Dispatch sources and ignored signals the program set itself are kept.
@Suite struct SignalsTests: SignalLoggingSuite {
    @Test func signalsHaveNamesAndNumbers() {
        #expect(Signal.terminate.rawValue == 15)
        #expect(Signal.terminate.name == "SIGTERM")
        #expect(Signal(name: "hup") == .hangup)
        #expect(Signal(name: "SIGUSR1") == .user1)
        #expect(Signal(name: "10") == Signal(rawValue: 10))
        #expect(Signal(name: "NOPE") == nil)
        #expect(Signal(rawValue: 40).name == "signal 40")
        #expect(!Signal.kill.isCatchable && !Signal.stop.isCatchable && Signal.user2.isCatchable)
        #expect(Set(Signal.all).count == Signal.all.count)
        #expect(Signal.all.contains(.windowChanged))
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
        #expect(Proc.alive(daemon.pid))
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

    @Test(arguments: detachingStrategies)
    func terminateWithoutHandlersRemovesThePIDFileAndEndsBySIGTERM(strategy: String) throws {
        let directory = try TestDirectory()
        let daemon = try startDaemon(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(directory.exists("d.pid"))
        kill(daemon.pid, SIGTERM)
        #expect(try daemon.run.ending(of: daemon.pid) == .killed(by: SIGTERM))
        #expect(!directory.exists("d.pid"))
    }

    @Test(arguments: [false, true])
    func aDispatchSourceSetAfterDaemonizeEndsCleanly(relay: Bool) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let run = try HelperRun(
            ["--strategy", "relaunch", "--pid-file", pidFile, "--dispatch-term"] + (relay ? ["--relay"] : []),
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(try run.launcherExit() == 0)
        if relay {
            _ = try waitFor("the sentinel record") { directory.exists("d.pid.sentinel") ? true : nil }
        }

        try PIDFile(pidFile).send(.terminate)
        // The program's own handler ran and exited 0; the exit-time cleanup removed the files.
        #expect(try run.exitStatus(of: report.pid) == 0)
        #expect(directory.read("signals.log") == "dispatch TERM\n")
        #expect(!directory.exists("d.pid"))
        #expect(!directory.exists("d.pid.sentinel"))
    }

    @Test(arguments: ["relaunch", "foreground"])
    func aDispatchSourceSetBeforeDaemonizeIsNotReplaced(strategy: String) throws {
        let directory = try TestDirectory()
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--dispatch-term-early"],
            in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }

        kill(report.pid, SIGTERM)
        let status = try strategy == "foreground" ? run.launcherExit() : run.exitStatus(of: report.pid)
        #expect(status == 0, "SIGTERM ended the daemon with \(status), not through the program's handler")
        #expect(directory.read("signals.log") == "dispatch TERM\n")
        #expect(!directory.exists("d.pid"))
    }

    /// Whether `signal` is set in a /proc status mask such as `SigIgn`.
    func isSet(_ signal: Int32, in mask: String) -> Bool {
        (UInt64(mask, radix: 16) ?? 0) & (1 << UInt64(signal - 1)) != 0
    }

    @Test(arguments: ["fork", "relaunch", "foreground"])
    func anIgnoreTheProgramSetIsKeptAndAnInheritedOneIsNot(strategy: String) throws {
        let directory = try TestDirectory()
        // The harness leaves SIGUSR1, SIGHUP and SIGPIPE ignored (inherited across exec); the
        // program ignores SIGTERM itself before daemonize.
        let run = try HelperRun(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid"), "--ignore-term-early"],
            in: directory,
            dirtySignals: true)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(isSet(SIGTERM, in: report.signalsIgnored), "SigIgn \(report.signalsIgnored)")
        if strategy != "foreground" {
            // A detached daemon resets what it inherited (the foreground keeps its supervisor's).
            #expect(!isSet(SIGUSR1, in: report.signalsIgnored) && !isSet(SIGPIPE, in: report.signalsIgnored))
        }
        #expect(!isSet(SIGHUP, in: report.signalsIgnored), "hangup reopens the logs")
        kill(report.pid, SIGTERM)
        #expect(Proc.alive(report.pid))
    }
}
