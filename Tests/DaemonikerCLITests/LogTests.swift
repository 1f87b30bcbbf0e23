import DaemonikerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The keeper's logs against real programs: rotation by size with every line whole and in order,
/// timestamps, reopening after an outside rename, readiness by log line with rotation on, a full
/// disk, and rotation refused where the keeper's user may not write.
@Suite struct LogTests {
    /// A program that writes `argv[1]` numbered lines, every third to standard error, each in two
    /// `write` calls so that the keeper sees them cut in two: `out 000001 xx...` (the number of
    /// `x` is the line's number modulo 40).
    static let writer = """
        import os, sys
        for i in range(int(sys.argv[1])):
            fd = 2 if i % 3 == 0 else 1
            line = b"%s %06d %s\\n" % (b"err" if fd == 2 else b"out", i, b"x" * (i % 40))
            os.write(fd, line[:len(line) // 2]); os.write(fd, line[len(line) // 2:])
        """

    /// The lines of `paths` in order, the keeper's own (`daemoniker: ...`) left out.
    static func programLines(_ box: Sandbox, _ names: [String]) -> [Substring] {
        names.flatMap { name in
            (box.read(name) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        }
        .filter { !$0.isEmpty && !$0.hasPrefix("daemoniker: ") }
    }

    /// Checks that `lines` are the writer's, each whole, and per stream in order: all of them
    /// (`complete`), or the newest ones, up to its last. How many there are.
    @discardableResult
    static func checkWritersLines(_ lines: [Substring], total: Int, complete: Bool) -> Int {
        var numbers: [Substring: [Int]] = [:]
        for line in lines {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, let number = Int(parts[1]), parts[0] == (number % 3 == 0 ? "err" : "out"),
                parts[2] == String(repeating: "x", count: number % 40)
            else {
                Issue.record("not a whole line of the writer (split or mixed): '\(line)'")
                continue
            }
            numbers[parts[0], default: []].append(number)
        }
        for (stream, expected) in [
            ("out", (0..<total).filter { $0 % 3 != 0 }), ("err", (0..<total).filter { $0 % 3 == 0 }),
        ] {
            let got = numbers[Substring(stream)] ?? []
            if complete {
                #expect(
                    got == expected,
                    "\(stream): \(got.count) of \(expected.count), missing, repeated or out of order")
            } else {
                // The two streams are read apart, so the newest files may hold only one of them.
                #expect(Array(expected.suffix(got.count)) == got, "\(stream): the newest, in order")
            }
        }
        return lines.count
    }

    @Test func rotationKeepsEveryLineWholeAndInOrderAcrossTheFiles() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let total = 3000
        let result = try box.tool([
            "run", "--pid-file", box.path("d.pid"), "--log", box.path("d.log"), "--log-max-size", "4K",
            "--log-keep", "60", "--", "python3", "-c", Self.writer, "\(total)",
        ])
        #expect(result.status == 0, "\(result.error)")
        let rotated = (1...60).map { "d.log.\($0)" }.filter { box.exists($0) }
        #expect(rotated.count >= 20, "about 100 KiB in files of 4 KiB: \(rotated.count) rotated")
        #expect(rotated == (1...rotated.count).map { "d.log.\($0)" }, "PATH.1 ... PATH.N, no gap")
        for name in rotated + ["d.log"] {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: box.path(name))[.size] as? Int) ?? -1
            #expect(size > 0 && size <= 4096, "\(name): \(size) bytes")
        }
        let files = rotated.reversed() + ["d.log"]
        #expect(Self.checkWritersLines(Self.programLines(box, files), total: total, complete: true) == total)
        #expect(box.read("d.log")?.hasSuffix("daemoniker: python3 (pid ") == false)
        #expect(box.read("d.log")?.contains("exited with status 0\n") == true, "the keeper's note comes last")
    }

    @Test func atMostNRotatedFilesAreKeptAndTheyHoldTheNewestLines() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let total = 3000
        let result = try box.tool([
            "run", "--pid-file", box.path("d.pid"), "--log", box.path("d.log"), "--log-max-size", "4K",
            "--log-keep", "2", "--", "python3", "-c", Self.writer, "\(total)",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(box.exists("d.log.1") && box.exists("d.log.2"))
        #expect(!box.exists("d.log.3"), "only 2 rotated files are kept")
        let kept = Self.checkWritersLines(
            Self.programLines(box, ["d.log.2", "d.log.1", "d.log"]), total: total, complete: false)
        #expect(kept > 100 && kept < total)
    }

    @Test func standardErrorRotatesInItsOwnFileWithTheSameRules() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = try box.tool([
            "run", "--pid-file", box.path("d.pid"), "--log", box.path("d.log"), "--error-log",
            box.path("e.log"),
            "--log-max-size", "2K", "--log-keep", "40", "--", "python3", "-c", Self.writer, "1500",
        ])
        #expect(result.status == 0, "\(result.error)")
        let out = (1...40).map { "d.log.\($0)" }.filter { box.exists($0) }.reversed() + ["d.log"]
        let err = (1...40).map { "e.log.\($0)" }.filter { box.exists($0) }.reversed() + ["e.log"]
        #expect(err.count >= 3, "\(err)")
        let outLines = Self.programLines(box, out)
        let errLines = Self.programLines(box, err)
        #expect(outLines.allSatisfy { $0.hasPrefix("out ") } && errLines.allSatisfy { $0.hasPrefix("err ") })
        #expect(Self.checkWritersLines(outLines + errLines, total: 1500, complete: true) == 1500)
    }

    @Test func timestampsBeginEachLine() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let before = Date()
        let result = try box.tool([
            "run", "--pid-file", box.path("d.pid"), "--log", box.path("d.log"), "--log-timestamps", "--",
            "sh", "-c", "echo one; echo two >&2; printf three",
        ])
        #expect(result.status == 0, "\(result.error)")
        let lines = (box.read("d.log") ?? "").split(separator: "\n")
        #expect(lines.count == 4, "\(lines)")
        let stamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.*)$/
        var bodies: [Substring] = []
        for line in lines {
            guard let match = line.wholeMatch(of: stamp) else {
                Issue.record("no timestamp: '\(line)'")
                continue
            }
            bodies.append(match.output.2)
            let parsed = try Date(
                String(match.output.1),
                strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
            #expect(abs(parsed.timeIntervalSince(before)) < 60, "\(match.output.1) is now, in UTC")
        }
        #expect(bodies.contains("one") && bodies.contains("two") && bodies.contains("three"))
        #expect(bodies.last?.hasPrefix("daemoniker: sh (pid ") == true)
    }

    @Test(arguments: [[String](), ["--log-max-size", "1M"]])
    func reopenAfterAnOutsideRenameWritesToTheNewFile(_ rotation: [String]) throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let start = try box.tool(
            ["start", "--pid-file", pidFile, "--log", box.path("d.log")] + rotation + [
                "--", "sh", "-c", "trap 'echo tick' USR1; trap 'exit 0' TERM; while :; do sleep 0.05; done",
            ])
        #expect(start.status == 0, "\(start.error)")
        #expect(try box.tool(["signal", "--pid-file", pidFile, "USR1"]).status == 0)
        try waitFor("the first tick") { box.read("d.log")?.contains("tick\n") == true ? true : nil }
        try FileManager.default.moveItem(atPath: box.path("d.log"), toPath: box.path("d.log.old"))
        let reopen = try box.tool(["logs", "--pid-file", pidFile, "--reopen"])
        #expect(reopen.status == 0, "\(reopen.error)")
        #expect(reopen.output == "reopened \(box.path("d.log"))\n")
        #expect(try box.tool(["signal", "--pid-file", pidFile, "USR1"]).status == 0)
        try waitFor("a tick in the new file") { box.read("d.log")?.contains("tick\n") == true ? true : nil }
        #expect(box.read("d.log.old")?.components(separatedBy: "tick\n").count == 2, "one tick before")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
        #expect(box.read("d.log")?.contains("daemoniker: sh (pid ") == true, "the keeper's notes follow")
        let after = try box.tool(["logs", "--pid-file", pidFile, "--reopen"])
        #expect(after.status == 3, "not running any more: \(after.error)")
    }

    @Test func logReadinessWorksWithRotationOn() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let program =
            "i=0; while [ $i -lt 100 ]; do echo starting up, step $i; i=$((i+1)); done; echo ready now; exec sleep 100"
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("d.log"), "--log-max-size", "1K",
            "--ready", "log:^ready now$", "--", "sh", "-c", program,
        ])
        #expect(start.status == 0, "\(start.error)")
        #expect(box.read("d.log")?.contains("ready now\n") == true)
        #expect(box.exists("d.log.1"), "it rotated while the start waited")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskDropsWholeLinesCountsThemAndNeverBlocksTheProgram() throws {
        let box = try Sandbox()
        let disk = box.path("disk")
        var mounted = false
        // Unmounted once nothing the test started holds a file there any more.
        defer {
            box.finish()
            if mounted { _ = try? box.run(["/bin/umount", disk]) }
        }
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
        let mount = try box.run(["/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk])
        try #require(mount.status == 0, "mount: \(mount.error)")
        mounted = true
        let pidFile = box.path("d.pid")
        let log = disk + "/d.log"
        let total = 5000
        // 5000 lines of 50 bytes (250 KB) into 64 KiB; then a mark outside the disk (it did not
        // block), and one more line on each hangup.
        let program = """
            import signal, sys, time
            signal.signal(signal.SIGHUP, lambda *a: (sys.stdout.write("after the disk had room\\n"), sys.stdout.flush()))
            signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
            for i in range(\(total)):
                sys.stdout.write("line %05d of the output, padded to fifty bytes..\\n" % i)
            sys.stdout.flush()
            open(sys.argv[1], "w").write("done")
            while True: time.sleep(1)
            """
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", log, "--", "python3", "-c", program, box.path("done"),
        ])
        #expect(start.status == 0, "\(start.error)")
        try waitFor("the program to finish writing") { box.exists("done") ? true : nil }
        // Full: past the last whole line that fits (a line the disk took in part is cut off
        // again at once; no later write can change the size).
        try waitFor("the disk to be full") { () -> Bool? in
            let size = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
            return size > 65_536 - 50 && size % 50 == 0 ? true : nil
        }
        let full = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let written = full.split(separator: "\n").count
        #expect(full.hasSuffix("\n") && full.count == written * 50, "whole lines only: \(full.count) bytes")
        // Room again (as if someone cleared the disk), then the next line.
        try #require(truncate(log, 0) == 0)
        #expect(try box.tool(["signal", "--pid-file", pidFile, "HUP"]).status == 0)
        try waitFor("the line after") {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("after the disk had room\n")
                ? true : nil
        }
        let after = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(
            after.hasPrefix(
                "daemoniker: \(total - written) lines dropped (could not write \(log): No space left on device)\n"
            ),
            "\(after)")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }

    @Test func rotatingWhatIsNoRegularFileIsBadInputAndLeavesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let result = try box.tool([
            "start", "--pid-file", box.path("d.pid"), "--log", "/dev/null", "--log-max-size", "1K", "--",
            "sleep", "100",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("/dev/null is not a regular file"), "\(result.error)")
        #expect(
            FileManager.default.fileExists(atPath: "/dev/null") && !box.exists("d.pid")
                && !box.exists("d.pid.keeper"))
        #expect(box.survivors().isEmpty)
    }

    @Test(.enabled(if: getuid() == 0, "--user needs root"))
    func rotationWhereTheKeepersUserMayNotWriteIsBadInputAndLeavesNothing() throws {
        let box = try Sandbox()
        defer { box.finish() }
        // The pid file's directory is nobody's; the logs' is root's alone.
        try #require(chown(box.directory, 65534, 65534) == 0 && chmod(box.directory, 0o755) == 0)
        let logs = box.path("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: false)
        try #require(chmod(logs, 0o755) == 0)
        let pidFile = box.path("d.pid")
        let result = try box.tool([
            "start", "--pid-file", pidFile, "--user", "nobody", "--log", logs + "/d.log", "--log-max-size",
            "1M",
            "--", "sleep", "100",
        ])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("--log-max-size: the keeper runs as user nobody"), "\(result.error)")
        #expect(result.error.contains("make \(logs) writable by user nobody"), "\(result.error)")
        #expect(box.survivors().isEmpty)
        #expect(!box.exists("d.pid") && !box.exists("d.pid.keeper"))
    }
}
