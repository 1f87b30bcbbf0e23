import DaemonikerTestSupport
import Foundation
import Testing

extension LogFileTests {
    /// Log paths under a hostile local user: a symbolic link planted in a directory another user
    /// can change is never followed by the daemon (root here), and a link in a directory only root
    /// controls still is. The tests run as root; `nobody` is the other user.
    @Suite(.tags(.hardening)) struct Hardening {}
}

extension LogFileTests.Hardening {
    static let nobody: uid_t = 65534

    @Test(arguments: [false, true])
    func aLinkPlantedInAnotherUsersDirectoryIsRefused(append: Bool) throws {
        let directory = try TestDirectory()
        let secret = directory.file("secret")
        try "keep me\n".write(toFile: secret, atomically: false, encoding: .utf8)
        #expect(chmod(secret, 0o600) == 0)
        let theirs = directory.file("theirs")
        #expect(mkdir(theirs, 0o755) == 0 && chown(theirs, Self.nobody, Self.nobody) == 0)
        let planted = theirs + "/out.log"
        #expect(symlink(secret, planted) == 0 && lchown(planted, Self.nobody, Self.nobody) == 0)

        let run = try HelperRun(
            ["--strategy", "fork", "--stdout", "\(append ? "append" : "truncate"):\(planted)"], in: directory)
        defer { run.finish() }
        #expect(try run.launcherExit() == 2)
        #expect(
            run.launcherError.contains(
                "standard output file \(planted) passes through the symbolic link \(planted), and \(theirs) on its way"
            ),
            "\(run.launcherError)")
        #expect(directory.read("secret") == "keep me\n")
    }

    @Test func aLinkInADirectoryOnlyRootControlsIsFollowed() throws {
        let directory = try TestDirectory()
        let target = directory.file("real.log")
        #expect(symlink(target, directory.file("out.log")) == 0)
        let run = try HelperRun(
            ["--strategy", "fork", "--stdout", "append:\(directory.file("out.log"))"], in: directory)
        let report = try run.report()
        defer { run.finish(killing: [report.pid]) }
        #expect(try run.launcherExit() == 0)
        _ = try waitFor("the daemon's line in the link's target") {
            directory.read("real.log")?.contains("daemon \(report.pid) running") == true ? true : nil
        }
    }

    @Test func aDirectoryAnotherUserTurnsIntoALinkIsNotFollowed() throws {
        let directory = try TestDirectory()
        let secret = directory.file("secret.log")
        try "keep me\n".write(toFile: secret, atomically: false, encoding: .utf8)
        #expect(chmod(secret, 0o600) == 0)
        // Their home is theirs; the log's directory inside it, a link to a directory of root's.
        let home = directory.file("home")
        #expect(mkdir(home, 0o755) == 0 && chown(home, Self.nobody, Self.nobody) == 0)
        #expect(
            symlink(directory.path, home + "/logs") == 0
                && lchown(home + "/logs", Self.nobody, Self.nobody) == 0)
        let run = try HelperRun(
            ["--strategy", "fork", "--stdout", "truncate:\(home)/logs/secret.log"], in: directory)
        defer { run.finish() }
        #expect(try run.launcherExit() == 2)
        #expect(
            run.launcherError.contains("passes through the symbolic link \(home)/logs"),
            "\(run.launcherError)")
        #expect(directory.read("secret.log") == "keep me\n")
    }
}
