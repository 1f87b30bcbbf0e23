import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The log files a daemon's standard output and error go to: reopened on hangup.
@Suite struct LogFileTests {
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
        #expect(Proc.alive(daemon.pid))
    }
}
