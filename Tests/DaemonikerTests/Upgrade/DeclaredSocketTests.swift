import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// `Daemoniker.listen`: the launcher binds the declared sockets before detaching, the daemon
/// serves on them with every strategy, and an upgrade hands them to the next generation.
@Suite struct DeclaredSocketTests {
    /// A TCP port of 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> Int {
        let probe = try StreamListener(unixPath: nil)
        defer { probe.close() }
        return probe.port
    }

    /// What the daemon listening on `port` answers: its pid; nil when the connection fails.
    static func ask(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n").first ?? "")
    }

    @Test(arguments: detachingStrategies)
    func theDaemonServesOnTheSocketTheLauncherBound(strategy: String) throws {
        let directory = try TestDirectory()
        let port = try Self.freePort()
        let daemon = try startDaemon(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--listen",
                "web=tcp:127.0.0.1:\(port)",
                "--serve",
            ], in: directory)
        defer { daemon.run.finish(killing: [daemon.pid]) }
        #expect(Self.ask(port) == daemon.pid)
        #expect(try PIDFile(directory.file("d.pid")).stop() == .terminated)
        #expect(try daemon.run.ending(of: daemon.pid) == .killed(by: SIGTERM))
        #expect(Self.ask(port) == nil, "something still listens on \(port)")
    }

    @Test(arguments: detachingStrategies)
    func aTakenPortFailsTheStartInTheLauncher(strategy: String) throws {
        let directory = try TestDirectory()
        let taken = try StreamListener(unixPath: nil)
        defer { taken.close() }
        let run = try HelperRun(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--listen",
                "tcp:127.0.0.1:\(taken.port)",
            ],
            in: directory)
        let status = try run.launcherExit()
        run.finish()
        #expect(status == 2, "stderr: \(run.launcherError)")
        #expect(run.launcherError.contains("tcp:127.0.0.1:\(taken.port)"), "\(run.launcherError)")
        #expect(run.launcherError.lowercased().contains("in use"), "\(run.launcherError)")
        #expect(!directory.exists("d.pid"))
        #expect(!directory.exists("setup.log"), "setup ran although the bind failed")
    }

    @Test(arguments: detachingStrategies)
    func anUpgradeHandsTheSocketToTheNextGenerationWithoutRefusingAConnection(strategy: String) throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let port = try Self.freePort()
        let first = try startDaemon(
            UpgradeTests.arguments(
                strategy, directory, ["--listen", "web=tcp:127.0.0.1:\(port)", "--serve"]),
            in: directory)
        var survivors = [first.pid]
        defer { first.run.finish(killing: survivors) }
        try writeCloseOnExec("slow:300", to: directory.file("next"))
        #expect(Self.ask(port) == first.pid)
        let upgrade = BackgroundUpgrade(pidFile)
        // Connections all through the upgrade: every one answered, by the old then the new.
        var answers: [Int32?] = []
        while !first.run.directory.exists("d.pid.upgrade-result") && answers.count < 20_000 {
            answers.append(Self.ask(port))
        }
        let newPID = try upgrade.result()
        survivors.append(newPID)
        for _ in 0..<50 { answers.append(Self.ask(port)) }
        #expect(
            !answers.contains(nil),
            "\(answers.filter { $0 == nil }.count) of \(answers.count) connections failed")
        #expect(Set(answers.compactMap { $0 }).isSubset(of: [first.pid, newPID]))
        #expect(answers.last == newPID)
        #expect(try first.run.ending(of: first.pid) == .exited(0))
        #expect(Self.ask(port) == newPID)
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try first.run.ending(of: newPID) == .killed(by: SIGTERM))
        #expect(Self.ask(port) == nil)
    }
}
