import DaemonikerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `logs`: the last lines across rotated files, `--follow` across rotations, and its exit
/// statuses.
@Suite struct LogsCommandTests {
    /// `count` lines of 10 bytes (`line 0007\n`) written one by one, then a wait; the pid file.
    private func startWriting(_ box: Sandbox, count: Int, maxSize: String = "100") throws -> String {
        let pidFile = box.path("d.pid")
        let program =
            "i=0; while [ $i -lt \(count) ]; do printf 'line %04d\\n' $i; i=$((i+1)); done; touch \(box.path("written")); exec sleep 100"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("d.log"), "--log-max-size", maxSize,
            "--log-keep", "20",
            "--", "sh", "-c", program,
        ])
        #expect(start.status == 0, "\(start.error)")
        try waitFor("the lines to be written") { box.exists("written") ? true : nil }
        try waitFor("the last line to reach the log") {
            box.read("d.log")?.contains("line \(String(format: "%04d", count - 1))\n") == true ? true : nil
        }
        return pidFile
    }

    private func lines(_ range: ClosedRange<Int>) -> String {
        range.map { String(format: "line %04d\n", $0) }.joined()
    }

    @Test func theLastLinesComeFromTheRotatedFilesTooWhenTheLogHoldsFewer() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // 10 lines of 10 bytes per file of 100: the log itself holds the last two.
        let pidFile = try startWriting(box, count: 32)
        #expect(box.read("d.log") == lines(30...31))
        let five = try box.tool(["logs", "--pid-file", pidFile, "--lines", "5"])
        #expect(five.status == 0, "\(five.error)")
        #expect(five.output == lines(27...31))
        #expect(try box.tool(["logs", "--pid-file", pidFile]).output == lines(22...31), "10 by default")
        #expect(try box.tool(["logs", "--pid-file", pidFile, "--lines", "0"]).output.isEmpty)
        #expect(try box.tool(["logs", "--pid-file", pidFile, "--lines", "1000"]).output == lines(0...31))
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        // After the end the record stays: the last lines, with the keeper's note on the end.
        let after = try box.tool(["logs", "--pid-file", pidFile, "--lines", "2"])
        #expect(after.status == 0, "\(after.error)")
        #expect(after.output.hasPrefix("line 0031\ndaemoniker: sh (pid "), "\(after.output)")
    }

    @Test func followPrintsWhatComesAcrossRotationsAndEndsWithTheProgram() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        // Each hangup writes 50 lines of 10 bytes, one write each: five rotations at once.
        let program =
            "trap 'i=0; while [ $i -lt 50 ]; do printf \"burst %03d\\n\" $i; i=$((i+1)); done' HUP; echo ready; while :; do sleep 0.05; done"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("d.log"), "--log-max-size", "100", "--log-keep",
            "20",
            "--", "sh", "-c", program,
        ])
        #expect(start.status == 0, "\(start.error)")
        try waitFor("ready in the log") { box.read("d.log") == "ready\n" ? true : nil }
        let bursts = (0..<50).map { String(format: "burst %03d\n", $0) }.joined()

        // One follower, ended by its pid while the program runs on.
        let first = try box.start([toolPath, "logs", "--pid-file", pidFile, "--follow", "--lines", "1"])
        try waitFor("the follower to print the last line") { first.output() == "ready\n" ? true : nil }
        #expect(try box.tool(["signal", "--pid-file", pidFile, "HUP"]).status == 0)
        try waitFor("every line of the burst, once, in order") {
            first.output() == "ready\n" + bursts ? true : nil
        }
        #expect(box.exists("d.log.4"), "it followed the log through rotations")
        kill(first.process.processIdentifier, SIGTERM)
        try waitFor("the first follower to end") { first.process.isRunning ? nil : true }

        // Another, which ends by itself when the program does.
        let second = try box.start([toolPath, "logs", "--pid-file", pidFile, "--follow", "--lines", "1"])
        try waitFor("the second follower to print the last line") {
            second.output() == "burst 049\n" ? true : nil
        }
        #expect(try box.tool(["signal", "--pid-file", pidFile, "HUP"]).status == 0)
        try waitFor("the second burst") { second.output() == "burst 049\n" + bursts ? true : nil }
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        try waitFor("the second follower to end with the program") { second.process.isRunning ? nil : true }
        #expect(second.process.terminationReason == .exit && second.process.terminationStatus == 0)
        #expect(
            second.output().hasPrefix("burst 049\n" + bursts + "daemoniker: sh (pid "), "\(second.output())")
        // The keeper's last line: how sh ended, and the `sleep` it left behind, which the keeper
        // ended too.
        let last = second.output().split(separator: "\n").last ?? ""
        #expect(last.contains(" was killed by SIGTERM"), "\(second.output())")
    }

    @Test func theErrorLogIsAskedForWithErrors() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("d.log"), "--error-log", box.path("e.log"),
            "--",
            "sh", "-c", "echo to-out; echo to-err >&2; exec sleep 100",
        ])
        #expect(start.status == 0, "\(start.error)")
        try waitFor("both lines") {
            box.read("e.log") == "to-err\n" && box.read("d.log") == "to-out\n" ? true : nil
        }
        #expect(try box.tool(["logs", "--pid-file", pidFile]).output == "to-out\n")
        #expect(try box.tool(["logs", "--pid-file", pidFile, "--errors"]).output == "to-err\n")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func withoutALogIsBadInputAndWithoutARecordIsNotRunning() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let never = try box.tool(["logs", "--pid-file", pidFile])
        #expect(never.status == 3, "\(never.error)")
        #expect(never.error.contains("not running") && never.error.contains("no record of its logs"))
        #expect(try box.tool(["start", "--pid-file", pidFile, "--", "sleep", "100"]).status == 0)
        let noLog = try box.tool(["logs", "--pid-file", pidFile])
        #expect(noLog.status == 2, "\(noLog.error)")
        #expect(noLog.error.contains("was started without --log"), "\(noLog.error)")
        #expect(noLog.error.contains("start it again with --log PATH"), "says how to fix it: \(noLog.error)")
        #expect(try box.tool(["logs", "--pid-file", pidFile, "--reopen"]).status == 2)
        let both = try box.tool(["logs", "--pid-file", pidFile, "--reopen", "--follow"])
        #expect(both.status == 2 && both.error.contains("--reopen prints no lines"), "\(both.error)")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func aFailedStartLeavesNoRecordAndNoControlSocket() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let temporary = box.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        let pidFile = box.path("d.pid")
        let failed = try box.tool(
            [
                "start", "--pid-file", pidFile, "--log", box.path("d.log"), "--log-max-size", "1K", "--ready",
                "delay:5", "--", "sh", "-c", "echo its last words; exit 3",
            ],
            environment: ["TMPDIR": temporary])
        #expect(failed.status == 1, "\(failed.error)")
        #expect(box.read("d.log")?.hasPrefix("its last words\n") == true, "its output is in the log first")
        #expect(!box.exists("d.pid") && !box.exists("d.pid.keeper"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }
}
