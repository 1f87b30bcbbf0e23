import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// An upgrade of a daemon that a service manager runs (`NOTIFY_SOCKET`, here a datagram socket of
/// the test's): the new generation says `READY=1` with its own `MAINPID=`, and the sockets the
/// library bound go to the file-descriptor store (`FDSTORE=1`, `FDNAME=`) with each generation.
/// The protocol as systemd reads it; a real systemd is not involved here.
@Suite struct UpgradeUnderSystemdTests {
    /// The next message other than `EXTEND_TIMEOUT_USEC=` and `WATCHDOG=1`, with its descriptors.
    static func next(_ listener: DatagramListener) throws -> (message: String, descriptors: [Int32]) {
        while true {
            let got = try listener.receiveWithDescriptors()
            if !got.message.hasPrefix("EXTEND_TIMEOUT_USEC=") && got.message != "WATCHDOG=1" { return got }
            for fd in got.descriptors { close(fd) }
        }
    }

    /// The local port of the socket `fd`.
    static func port(of fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    @Test func theNewGenerationTellsItsPIDAndStoresTheSockets() throws {
        let directory = try TestDirectory()
        let pidFile = directory.file("d.pid")
        let listener = try DatagramListener(path: directory.file("notify"))
        let port = try DeclaredSocketTests.freePort()
        let run = try HelperRun(
            UpgradeTests.arguments(
                "automatic", directory, ["--listen", "web=tcp:127.0.0.1:\(port)", "--serve"]),
            in: directory, environment: ["NOTIFY_SOCKET": listener.address])
        let first = try run.report()
        var survivors = [first.pid]
        defer { run.finish(killing: survivors) }
        #expect(first.strategy == "foreground")
        #expect(try Self.next(listener).message == "READY=1\nMAINPID=\(first.pid)")
        let stored = try Self.next(listener)
        defer { for fd in stored.descriptors { close(fd) } }
        #expect(stored.message == "FDSTORE=1\nFDNAME=web")
        #expect(stored.descriptors.count == 1)
        #expect(
            stored.descriptors.first.flatMap(Self.port) == port, "the stored descriptor is not the socket")

        let newPID = try PIDFile(pidFile).upgrade(timeout: .seconds(20), drain: .seconds(10))
        survivors.append(newPID)
        #expect(try Self.next(listener).message == "READY=1\nMAINPID=\(newPID)")
        let again = try Self.next(listener)
        defer { for fd in again.descriptors { close(fd) } }
        #expect(again.message == "FDSTORE=1\nFDNAME=web")
        #expect(again.descriptors.first.flatMap(Self.port) == port)
        // The old generation drains and exits 0 without telling the manager it stops.
        #expect(try run.launcherEnding() == .exited(0))
        #expect(DeclaredSocketTests.ask(port) == newPID)
        #expect(!listener.received.contains("STOPPING=1"), "the old generation said STOPPING=1")
        #expect(try PIDFile(pidFile).stop() == .terminated)
        #expect(try Self.next(listener).message.contains("STOPPING=1"))
    }
}
