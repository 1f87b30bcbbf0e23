import Daemoniker
import DaemonikerTestSupport
import Foundation
import Testing

/// Signal handling in a program that never daemonizes (`DaemonikerSignalsHelper`), with real
/// signals sent from this process, beside a Dispatch signal source in the same program.
@Suite struct StandaloneSignalsTests {
    /// The signals program, built beside the test bundle.
    static let programPath = builtExecutable("DaemonikerSignalsHelper")

    /// Starts the program and waits for its "ready" line; returns the run and the program's pid.
    static func start(_ arguments: [String] = []) throws -> (HelperRun, Int32) {
        let directory = try TestDirectory()
        let run = try HelperRun([], in: directory, command: [programPath, directory.path] + arguments)
        let pid = try waitFor("the signals program to be ready", seconds: 30) { () -> Int32? in
            lines(run).first { $0.hasPrefix("ready ") }.flatMap { Int32($0.split(separator: " ")[1]) }
        }
        return (run, pid)
    }

    static func lines(_ run: HelperRun) -> [String] {
        (run.directory.read("signals.log") ?? "").split(separator: "\n").map(String.init)
    }

    /// Sends `signal` and waits until `line` appears once more than before.
    static func send(_ signal: Int32, to pid: Int32, expecting line: String, in run: HelperRun) throws {
        let before = lines(run).filter { $0 == line }.count
        #expect(kill(pid, signal) == 0)
        _ = try waitFor("\(line) after signal \(signal)") {
            lines(run).filter { $0 == line }.count > before ? true : nil
        }
    }

    @Test func handlersSequencesAndADispatchSourceEachGetTheirSignals() throws {
        let (run, pid) = try Self.start()
        defer { run.finish(killing: [pid]) }
        for _ in 0..<3 {
            try Self.send(SIGUSR1, to: pid, expecting: "handler SIGUSR1", in: run)
            try Self.send(SIGWINCH, to: pid, expecting: "dispatch SIGWINCH", in: run)
            // A plain handler installed before Daemoniker's is still called, and Daemoniker's too.
            let plain = Self.lines(run).filter { $0 == "plain SIGALRM" }.count
            try Self.send(SIGALRM, to: pid, expecting: "handler SIGALRM", in: run)
            _ = try waitFor("the plain SIGALRM handler") {
                Self.lines(run).filter { $0 == "plain SIGALRM" }.count > plain ? true : nil
            }
            try Self.send(SIGUSR2, to: pid, expecting: "sequence SIGUSR2", in: run)
        }
        // The sequence ended after three: SIGUSR2 is back at the OS default, which ends the program.
        _ = try waitFor("SIGUSR2 back at the default") {
            Self.lines(run).contains("USR2 default") ? true : nil
        }
        #expect(kill(pid, SIGUSR2) == 0)
        #expect(try run.launcherExit() == 128 + SIGUSR2)
        // Killed by the OS default, so no clean-up ran: the pid file is still there, and stale.
        #expect(PIDFile(run.directory.file("standalone.pid")).status() == .stale(pid: pid))
    }

    @Test func cleanExitRemovesThePIDFileAndHangupReopensTheLog() throws {
        let (run, pid) = try Self.start()
        defer { run.finish(killing: [pid]) }
        let pidFile = PIDFile(run.directory.file("standalone.pid"))
        #expect(pidFile.status() == .running(pid: pid))
        try Self.send(SIGUSR1, to: pid, expecting: "handler SIGUSR1", in: run)
        #expect(run.directory.read("out.log") == "handled SIGUSR1\n")
        // Rotate: rename the log, hang up, and the next line goes to a new file at the old path.
        #expect(rename(run.directory.file("out.log"), run.directory.file("out.log.1")) == 0)
        #expect(kill(pid, SIGHUP) == 0)
        _ = try waitFor("the log to be reopened") { run.directory.exists("out.log") ? true : nil }
        try Self.send(SIGUSR1, to: pid, expecting: "handler SIGUSR1", in: run)
        #expect(run.directory.read("out.log") == "handled SIGUSR1\n")
        #expect(run.directory.read("out.log.1") == "handled SIGUSR1\n")
        // Terminate has the clean exit: the pid file is gone, and then SIGTERM itself ends it.
        #expect(kill(pid, SIGTERM) == 0)
        #expect(try run.launcherEnding() == .killed(by: SIGTERM))
        #expect(pidFile.status() == .stopped)
    }

    @Test func aForegroundProgramReceivesSignalsThroughTheRelay() throws {
        let (run, pid) = try Self.start(["--relay"])
        defer { run.finish(killing: [pid]) }
        let pidFile = PIDFile(run.directory.file("standalone.pid"))
        let record = { run.directory.read("standalone.pid.sentinel") }
        let first = try waitFor("the sentinel record") { record() }
        for count in 1...3 {
            try pidFile.send(.user1)
            _ = try waitFor("relayed SIGUSR1 number \(count)") {
                Self.lines(run).filter { $0 == "handler SIGUSR1" }.count == count ? true : nil
            }
        }
        // The sentinel answered each relayed signal in place: the record still names it.
        #expect(record() == first)
        #expect(try pidFile.stop() == .terminated)
        #expect(try run.launcherEnding() == .killed(by: SIGTERM))
        #expect(pidFile.status() == .stopped)
        #expect(!run.directory.exists("standalone.pid.sentinel"))
    }
}
