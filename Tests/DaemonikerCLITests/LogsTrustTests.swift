import DaemonikerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `logs` reads only what a keeper writes: a record of root, this user or the pid file
/// directory's owner, and logs that are regular files of the record's owner or root, opened
/// through no symbolic link and without blocking. The records here are written by the test, for
/// a program that is not running (as after its end, when the record stays).
@Suite struct LogsTrustTests {
    /// `nobody`.
    private let nobody: uid_t = 65534

    /// A record for `d.pid` naming `log` (and `errorLog`, `keep`); the pid file.
    private func record(_ box: Sandbox, log: String, errorLog: String? = nil, keep: Int? = nil) throws
        -> String
    {
        var text = "keeper 999999\nlog \(log)\n"
        if let errorLog { text += "error-log \(errorLog)\n" }
        if let keep { text += "keep \(keep)\n" }
        try text.write(toFile: box.path("d.pid.keeper"), atomically: false, encoding: .utf8)
        return box.path("d.pid")
    }

    private func write(_ box: Sandbox, _ name: String, _ text: String) throws {
        try text.write(toFile: box.path(name), atomically: false, encoding: .utf8)
    }

    @Test func aRecordOfAnotherUserIsRefusedUnlessItsOwnerOwnsThePidFilesDirectory() throws {
        try #require(geteuid() == 0, "runs as root, to give files to nobody")
        let box = try Sandbox()
        defer { box.finish() }
        try write(box, "secret", "SECRET\n")
        let pidFile = try record(box, log: box.path("secret"))
        #expect(chown(box.path("d.pid.keeper"), nobody, nobody) == 0)
        let refused = try box.tool(["logs", "--pid-file", pidFile])
        #expect(refused.status == 2, "\(refused.error)")
        #expect(!refused.output.contains("SECRET"))
        #expect(
            refused.error.contains("\(box.path("d.pid.keeper")) belongs to user 65534")
                && refused.error.contains("remove it"), "\(refused.error)")

        // Its owner owns the pid file's directory: the record is trusted, and the files it names
        // are read when they are its owner's; another user's file, or root's, is refused.
        let directory = box.path("run")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        #expect(chown(directory, nobody, nobody) == 0)
        try write(box, "run/d.log", "its line\n")
        #expect(chown(box.path("run/d.log"), nobody, nobody) == 0)
        try "keeper 999999\nlog \(box.path("run/d.log"))\n".write(
            toFile: box.path("run/d.pid.keeper"), atomically: false, encoding: .utf8)
        #expect(chown(box.path("run/d.pid.keeper"), nobody, nobody) == 0)
        let trusted = try box.tool(["logs", "--pid-file", box.path("run/d.pid")])
        #expect(trusted.status == 0, "\(trusted.error)")
        #expect(trusted.output == "its line\n")
        #expect(chown(box.path("run/d.log"), nobody - 1, nobody - 1) == 0)
        let other = try box.tool(["logs", "--pid-file", box.path("run/d.pid")])
        #expect(other.status == 2, "\(other.error)")
        #expect(other.output.isEmpty)
        #expect(other.error.contains("log \(box.path("run/d.log")) belongs to user 65533"), "\(other.error)")
        // A file of root's named by that trusted record: the record's owner could name any.
        try "keeper 999999\nlog \(box.path("secret"))\n".write(
            toFile: box.path("run/d.pid.keeper"), atomically: false, encoding: .utf8)
        #expect(chown(box.path("run/d.pid.keeper"), nobody, nobody) == 0)
        let rootsFile = try box.tool(["logs", "--pid-file", box.path("run/d.pid")])
        #expect(rootsFile.status == 2, "\(rootsFile.error)")
        #expect(!rootsFile.output.contains("SECRET"))
        #expect(
            rootsFile.error.contains("belongs to root, but its record was written by user 65534"),
            "\(rootsFile.error)")
    }

    @Test func aLogOrRotatedFileReplacedByALinkIsRefusedAndAMissingRotatedFileIsFine() throws {
        let box = try Sandbox()
        defer { box.finish() }
        try write(box, "secret", "SECRET\n")
        try write(box, "d.log", "three\n")
        try write(box, "d.log.2", "one\n")
        let pidFile = try record(box, log: box.path("d.log"), keep: 3)
        // The normal case: d.log.1 missing is passed over.
        let normal = try box.tool(["logs", "--pid-file", pidFile])
        #expect(normal.status == 0, "\(normal.error)")
        #expect(normal.output == "one\nthree\n")

        try FileManager.default.createSymbolicLink(
            atPath: box.path("d.log.1"), withDestinationPath: box.path("secret"))
        let rotated = try box.tool(["logs", "--pid-file", pidFile])
        #expect(rotated.status == 2, "\(rotated.error)")
        #expect(!rotated.output.contains("SECRET"))
        #expect(
            rotated.error.contains("log \(box.path("d.log.1")) is a symbolic link; refusing to follow it"),
            "\(rotated.error)")

        try FileManager.default.removeItem(atPath: box.path("d.log"))
        try FileManager.default.createSymbolicLink(
            atPath: box.path("d.log"), withDestinationPath: box.path("secret"))
        let log = try box.tool(["logs", "--pid-file", pidFile, "--follow"])
        #expect(log.status == 2, "\(log.error)")
        #expect(!log.output.contains("SECRET"))
        #expect(log.error.contains("log \(box.path("d.log")) is a symbolic link"), "\(log.error)")
    }

    @Test func aFIFOOrADeviceIsRefusedWithoutWaiting() throws {
        let box = try Sandbox()
        defer { box.finish() }
        #expect(mkfifo(box.path("d.log"), 0o644) == 0)
        let pidFile = try record(box, log: box.path("d.log"), errorLog: "/dev/zero")
        for arguments in [["--lines", "3"], ["--follow"]] {
            let fifo = try box.tool(["logs", "--pid-file", pidFile] + arguments, seconds: 10)
            #expect(fifo.status == 2, "\(fifo.error)")
            #expect(
                fifo.error.contains("log \(box.path("d.log")) is not a regular file (a FIFO)"),
                "\(fifo.error)")
        }
        let device = try box.tool(["logs", "--pid-file", pidFile, "--errors"], seconds: 10)
        #expect(device.status == 2, "\(device.error)")
        #expect(device.error.contains("log /dev/zero is not a regular file (a device)"), "\(device.error)")
    }

    @Test func reopenConnectsOnlyToASocketOfTheRecordsOwner() throws {
        let box = try Sandbox()
        defer { box.finish() }
        let pidFile = box.path("d.pid")
        let start = try box.tool([
            "start", "--pid-file", pidFile, "--log", box.path("d.log"), "--", "sh", "-c",
            "echo up; exec sleep 100",
        ])
        #expect(start.status == 0, "\(start.error)")
        #expect(try box.tool(["logs", "--pid-file", pidFile, "--reopen"]).status == 0, "the real socket")
        // The record rewritten to name a file that is not a socket.
        let recordPath = box.path("d.pid.keeper")
        let text = try String(contentsOfFile: recordPath, encoding: .utf8)
        try write(box, "not-a-socket", "")
        let changed = text.split(separator: "\n").map {
            $0.hasPrefix("control ") ? "control \(box.path("not-a-socket"))" : String($0)
        }
        try (changed.joined(separator: "\n") + "\n").write(
            toFile: recordPath, atomically: false, encoding: .utf8)
        let refused = try box.tool(["logs", "--pid-file", pidFile, "--reopen"])
        #expect(refused.status == 2, "\(refused.error)")
        #expect(
            refused.error.contains("control socket \(box.path("not-a-socket")) is not a socket"),
            "\(refused.error)")
        #expect(try box.tool(["stop", "--pid-file", pidFile]).status == 0)
    }
}
