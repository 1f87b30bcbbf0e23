import Daemoniker
import DaemonikerPlatform
import DaemonikerTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Sockets owned outside the program: bound by the library (`ListenAddress.bind`), passed by
/// the platform layer's child spawn as systemd does (descriptors from 3, `LISTEN_FDS`,
/// `LISTEN_FDNAMES`, `LISTEN_PID` set by the child itself), received with `ListeningSockets`.
@Suite struct ListeningSocketsTests {
    /// Starts the helper's `listen` mode with `sockets` moved to 3, 4, … and `environment`;
    /// with `pidVariable`, the child sets it to its own pid.
    private func startListener(
        _ sockets: [Int32], environment: [String], pidVariable: String?, in directory: TestDirectory
    ) throws -> pid_t {
        let moves = sockets.enumerated().map { (from: $1, to: Int32(3 + $0)) }
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        return try Platform.spawnChild(
            path: helperPath, arguments: [helperPath, "listen", "--dir", directory.path],
            environment: ["PATH=/usr/bin:/bin"] + environment,
            moves: [(null, 0), (null, 1), (null, 2)] + moves, pidVariable: pidVariable)
    }

    /// Ends `pid` (the test's own child) and reaps it; whether it is gone.
    private func stop(_ pid: pid_t) -> Bool {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        return waitpid(pid, &status, 0) == pid
    }

    @Test func aProgramReceivesTheSocketsByNameAndServesOnThem() throws {
        let directory = try TestDirectory()
        let port = try #require(UInt16(exactly: freeLoopbackPort()))
        let web = try ListenAddress(parsing: "web=tcp:127.0.0.1:\(port)").bind()
        let admin = try ListenAddress(parsing: "admin=unix:\(directory.file("admin.sock"))").bind()
        #expect(fcntl(web.descriptor, F_GETFD) & FD_CLOEXEC != 0, "bound close-on-exec")
        let pid = try startListener(
            [web.descriptor, admin.descriptor], environment: ["LISTEN_FDS=2", "LISTEN_FDNAMES=web:admin"],
            pidVariable: "LISTEN_PID", in: directory)
        let lines = try waitFor("the received sockets") { directory.read("listening.txt") }
            .split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "web 3 cloexec=1", "admin 4 cloexec=1",
                "env LISTEN_PID=unset LISTEN_FDS=unset LISTEN_FDNAMES=unset",
                "again 2",
            ])
        #expect(StreamReply.tcp(port: Int(port)) == "web \(pid)\n")
        #expect(StreamReply.unix(path: directory.file("admin.sock")) == "admin \(pid)\n")
        #expect(stop(pid))
        web.close()
        admin.close()
        #expect(!directory.exists("admin.sock"), "close removes the socket file the bind created")
    }

    @Test func socketsMeantForAnotherProcessAreIgnored() throws {
        let directory = try TestDirectory()
        let port = try #require(UInt16(exactly: freeLoopbackPort()))
        let web = try ListenAddress(parsing: "tcp:127.0.0.1:\(port)").bind()
        defer { web.close() }
        // LISTEN_PID names this test process, not the program: sd_listen_fds says 0.
        let pid = try startListener(
            [web.descriptor], environment: ["LISTEN_FDS=1", "LISTEN_PID=\(getpid())"], pidVariable: nil,
            in: directory)
        defer { #expect(stop(pid)) }
        let lines = try waitFor("the report") { directory.read("listening.txt") }.split(separator: "\n")
        #expect(lines.first == "none")
        #expect(
            lines.contains("env LISTEN_PID=unset LISTEN_FDS=unset LISTEN_FDNAMES=unset"), "removed anyway")
    }

    @Test func aTakenPortNamesTheAddressTheCauseAndTheFix() throws {
        let taken = try StreamListener(unixPath: nil)
        defer { taken.close() }
        #expect {
            try ListenAddress(parsing: "tcp:127.0.0.1:\(taken.port)").bind()
        } throws: { error in
            let error = error as? DaemonikerError
            return error?.code == .invalidConfiguration
                && error?.message
                    == "tcp:127.0.0.1:\(taken.port): address already in use; stop what listens there or choose another port"
        }
    }

    @Test func bindAllLeavesNothingWhenOneFails() throws {
        let directory = try TestDirectory()
        let taken = try StreamListener(unixPath: nil)
        defer { taken.close() }
        let addresses = try [
            ListenAddress(parsing: "unix:\(directory.file("first.sock"))"),
            ListenAddress(parsing: "tcp:127.0.0.1:\(taken.port)"),
        ]
        #expect(throws: DaemonikerError.self) { try ListenAddress.bindAll(addresses) }
        #expect(!directory.exists("first.sock"))
    }

    @Test func aSocketFileReplacedSinceIsNotRemoved() throws {
        let directory = try TestDirectory()
        let path = directory.file("s.sock")
        let bound = try ListenAddress(parsing: "unix:\(path)").bind()
        // Another run replaced it (removed and bound anew) meanwhile.
        unlink(path)
        let other = try StreamListener(unixPath: path)
        defer { other.close() }
        bound.close()
        #expect(directory.exists("s.sock"), "only the file the bind created is removed")
    }

    @Test func aStickyDirectoryOthersCanWriteIsRefusedToo() throws {
        let directory = try TestDirectory()
        let sticky = directory.file("sticky")
        #expect(mkdir(sticky, 0o777) == 0 && chmod(sticky, 0o1777) == 0)
        #expect {
            try ListenAddress(parsing: "unix:\(sticky)/s.sock").bind()
        } throws: { error in
            (error as? DaemonikerError)?.message.contains("can be written by other users (mode 01777)")
                == true
        }
    }
}

/// A TCP port of 127.0.0.1 nobody listens on now.
private func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    return bindToFreeLoopbackPort(fd) ?? 0
}
