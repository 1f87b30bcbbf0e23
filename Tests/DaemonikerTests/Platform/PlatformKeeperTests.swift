// The platform layer's members for the tool's keeper (PlatformContract, "The tool's keeper"),
// tested with real system calls. Linux only: the tests read /proc and use Glibc's spellings.
#if os(Linux)
    import CTestSupport
    import DaemonikerPlatform
    import Glibc
    import Testing

    /// Tests of `Platform`'s keeper members and of `NotifyListener`. Serialized: two of them
    /// change this process's disposition of SIGURG for a moment (nothing else here uses it).
    @Suite("Platform: the tool's keeper", .serialized)
    struct PlatformKeeperTests {
        // MARK: Spawning a child

        @Test func spawnedChildExitStatusIsReaped() throws {
            let pid = try Platform.spawnChild(
                path: "/bin/sh", arguments: ["sh", "-c", "exit 3"], environment: [], moves: [])
            #expect(try Platform.wait(for: pid) == .exited(3))
        }

        @Test func spawnedChildGetsArgumentsAndEnvironment() throws {
            let pipe = try Platform.pipe()
            defer { Platform.close(pipe.read) }
            let pid: Int32
            do {
                defer { Platform.close(pipe.write) }
                pid = try Platform.spawnChild(
                    path: "/bin/sh",
                    arguments: ["sh", "-c", #"printf '%s|%s|%s' "$0" "$1" "$DK_VALUE" >&5"#, "name", "one"],
                    environment: ["DK_VALUE=two words"], moves: [(pipe.write, 5)])
            }
            #expect(text(try Platform.readAll(pipe.read)) == "name|one|two words")
            #expect(try Platform.wait(for: pid) == .exited(0))
        }

        @Test func movesPutDescriptorsInPlaceAsIfAtOnce() throws {
            let first = try Platform.pipe()
            let second = try Platform.pipe()
            defer {
                Platform.close(first.read)
                Platform.close(second.read)
            }
            let pid: Int32
            do {
                defer {
                    Platform.close(first.write)
                    Platform.close(second.write)
                }
                // A swap (each `to` is the other's `from`) and a plain move to 5. Through /proc:
                // sh takes only one digit after `>&`, and these numbers may have two.
                let script =
                    "echo one >/proc/self/fd/\(second.write); "
                    + "echo two >/proc/self/fd/\(first.write); echo five >&5"
                pid = try Platform.spawnChild(
                    path: "/bin/sh", arguments: ["sh", "-c", script], environment: [],
                    moves: [(first.write, second.write), (second.write, first.write), (first.write, 5)])
            }
            #expect(text(try Platform.readAll(first.read)) == "one\nfive\n")
            #expect(text(try Platform.readAll(second.read)) == "two\n")
            #expect(try Platform.wait(for: pid) == .exited(0))

            let same = try Platform.pipe()
            defer { Platform.close(same.read) }
            let samePID: Int32
            do {
                defer { Platform.close(same.write) }
                // A move onto its own number: the copy must lose close-on-exec.
                samePID = try Platform.spawnChild(
                    path: "/bin/sh", arguments: ["sh", "-c", "echo same >/proc/self/fd/\(same.write)"],
                    environment: [],
                    moves: [(same.write, same.write)])
            }
            #expect(text(try Platform.readAll(same.read)) == "same\n")
            #expect(try Platform.wait(for: samePID) == .exited(0))
        }

        @Test func childStartsWithEverySignalDefaultAndNoneBlocked() throws {
            // For the spawn only: SIGURG ignored (process-wide) and SIGUSR2 blocked in this thread.
            let previous = signal(SIGURG, SIG_IGN)
            var blocked = sigset_t()
            var old = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGUSR2)
            pthread_sigmask(SIG_BLOCK, &blocked, &old)
            let pid: Int32
            do {
                defer {
                    pthread_sigmask(SIG_SETMASK, &old, nil)
                    signal(SIGURG, previous)
                }
                #expect(statusField("SigIgn", of: "/proc/thread-self/status").map { $0 != 0 } == true)
                #expect(statusField("SigBlk", of: "/proc/thread-self/status").map { $0 != 0 } == true)
                pid = try Platform.spawnChild(
                    path: "/bin/sleep", arguments: ["sleep", "30"], environment: [], moves: [])
            }
            // posix_spawn returns once the exec is done: the status is sleep's own.
            let ignored = statusField("SigIgn", of: "/proc/\(pid)/status")
            let blockedInChild = statusField("SigBlk", of: "/proc/\(pid)/status")
            try Platform.kill(pid, SIGKILL)
            #expect(try Platform.wait(for: pid) == .signaled(SIGKILL))
            #expect(ignored == 0)
            #expect(blockedInChild == 0)
        }

        @Test func aProgramThatCannotBeExecutedIsAnError() throws {
            do {
                let pid = try Platform.spawnChild(
                    path: "/nonexistent/daemoniker-test", arguments: ["x"], environment: [], moves: [])
                _ = try? Platform.wait(for: pid)
                Issue.record("started a program that does not exist")
            } catch {
                #expect(error.isNotFound)
                #expect(error.description.contains("/nonexistent/daemoniker-test"))
            }
        }

        // MARK: Descriptors, files, clocks

        @Test func duplicateLandsAtOrAboveTheMinimumWithTheFlagAsked() throws {
            let pipe = try Platform.pipe()
            defer {
                Platform.close(pipe.read)
                Platform.close(pipe.write)
            }
            let closing = try Platform.duplicate(pipe.write, atLeast: 100, closeOnExec: true)
            defer { Platform.close(closing) }
            let inherited = try Platform.duplicate(pipe.write, atLeast: 100, closeOnExec: false)
            defer { Platform.close(inherited) }
            #expect(closing >= 100)
            #expect(inherited >= 100)
            #expect(fcntl(closing, F_GETFD) & FD_CLOEXEC != 0)
            #expect(fcntl(inherited, F_GETFD) & FD_CLOEXEC == 0)
            #expect(throws: SystemError.self) { try Platform.duplicate(-1, atLeast: 3, closeOnExec: true) }
        }

        @Test func terminalsAreToldFromPipes() throws {
            let pipe = try Platform.pipe()
            defer {
                Platform.close(pipe.read)
                Platform.close(pipe.write)
            }
            #expect(!Platform.isTerminal(pipe.read))
            #expect(!Platform.isTerminal(-1))
            var path = [CChar](repeating: 0, count: 256)
            let master = ts_open_pty(&path, UInt(path.count))
            try #require(master >= 0, "no pseudo-terminal: errno \(errno)")
            defer { Platform.close(master) }
            #expect(Platform.isTerminal(master))
        }

        @Test func executableFilesAreRegularAndExecutable() throws {
            #expect(Platform.isExecutableFile("/bin/sh"))
            #expect(!Platform.isExecutableFile("/tmp"))
            #expect(!Platform.isExecutableFile("/nonexistent/daemoniker-test"))
            let directory = try makeDirectory()
            defer { rmdir(directory) }
            let plain = directory + "/plain"
            let fd = try Platform.open(plain, .exclusive, permissions: 0o644)
            Platform.close(fd)
            defer { unlink(plain) }
            #expect(!Platform.isExecutableFile(plain))
            chmod(plain, 0o755)
            #expect(Platform.isExecutableFile(plain))
        }

        @Test func clockSeparatorAndSupport() {
            let before = Int64(time(nil))
            let now = Platform.wallClockSeconds()
            let after = Int64(time(nil))
            #expect(now >= before && now <= after)
            #expect(Platform.searchPathSeparator == ":")
            #expect(Platform.supportsKeeper)
        }

        // MARK: Signals

        @Test func unblockSignalsClearsThemFromTheThreadsMask() {
            var blocked = sigset_t()
            var old = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGUSR2)
            sigaddset(&blocked, SIGURG)
            pthread_sigmask(SIG_BLOCK, &blocked, &old)
            defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
            Platform.unblockSignals([SIGUSR2])
            var current = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &current)
            #expect(sigismember(&current, SIGUSR2) == 0)
            #expect(sigismember(&current, SIGURG) == 1)
        }

        @Test func closeOnSignalsClosesOnceAndLeavesIgnoredSignalsIgnored() throws {
            let original = signal(SIGURG, SIG_IGN)
            var old = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &old)
            defer {
                signal(SIGURG, original)
                pthread_sigmask(SIG_SETMASK, &old, nil)
            }

            // Ignored now: stays ignored, and the signal closes nothing.
            let ignored = try Platform.pipe()
            defer {
                Platform.close(ignored.read)
                Platform.close(ignored.write)
            }
            Platform.closeOnSignals(ignored.write, [SIGURG])
            #expect(disposition(SIGURG) == 1)
            raise(SIGURG)
            #expect(Platform.isOpen(ignored.write))

            // At its default and blocked: caught, unblocked, and the signal closes the descriptor.
            signal(SIGURG, SIG_DFL)
            var urgent = sigset_t()
            sigemptyset(&urgent)
            sigaddset(&urgent, SIGURG)
            pthread_sigmask(SIG_BLOCK, &urgent, nil)
            let caught = try Platform.pipe()
            defer { Platform.close(caught.read) }
            Platform.closeOnSignals(caught.write, [SIGURG])
            #expect(disposition(SIGURG) > 1)
            var current = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &current)
            #expect(sigismember(&current, SIGURG) == 0)
            raise(SIGURG)
            #expect(!Platform.isOpen(caught.write))
            #expect(try Platform.readAll(caught.read) == [])

            // Once: a second signal leaves alone whatever now has that number.
            let later = try Platform.pipe()
            defer {
                Platform.close(later.read)
                Platform.close(later.write)
            }
            raise(SIGURG)
            #expect(Platform.isOpen(later.read))
            #expect(Platform.isOpen(later.write))
        }

        // MARK: Stream sockets

        @Test func numericAddressesResolve() throws {
            let addresses = try Platform.resolveStreamAddresses(host: "127.0.0.1", port: "8080").get()
            #expect(addresses.count == 1)
            let address = try #require(addresses.first)
            #expect(address.family == AF_INET)
            #expect(address.type == Int32(SOCK_STREAM.rawValue))
            #expect(address.bytes.count == MemoryLayout<sockaddr_in>.size)
            #expect(Array(address.bytes[2..<8]) == [0x1F, 0x90, 127, 0, 0, 1])
        }

        @Test func unresolvableNamesSayWhy() {
            for (host, port) in [("no.such.host.invalid", "80"), ("127.0.0.1", "http")] {
                switch Platform.resolveStreamAddresses(host: host, port: port) {
                case .success(let addresses):
                    Issue.record("\(host):\(port) resolved to \(addresses)")
                case .failure(let failure):
                    #expect(!failure.reason.isEmpty)
                    #expect(failure.description == failure.reason)
                }
            }
        }

        @Test func unixAddressesFitOrAreRefused() throws {
            let offset = try #require(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path))
            #expect(Platform.unixStreamAddress(String(repeating: "a", count: 200)) == nil)
            #expect(Platform.unixStreamAddress("") == nil)
            let path = try #require(Platform.unixStreamAddress("/tmp/x.sock"))
            #expect(path.family == AF_UNIX)
            #expect(path.type == Int32(SOCK_STREAM.rawValue))
            #expect(path.bytes.count == offset + 12)
            #expect(path.bytes.last == 0)
            let abstract = try #require(Platform.unixStreamAddress("@name"))
            #expect(abstract.bytes.count == offset + 5)
            #expect(Array(abstract.bytes[offset...]) == [0] + Array("name".utf8))
        }

        @Test func connectsToUnixListenersByPathAndAbstractName() throws {
            let directory = try makeDirectory()
            defer { rmdir(directory) }
            let path = directory + "/stream"
            defer { unlink(path) }
            for name in [path, "@daemoniker-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"] {
                let address = try #require(Platform.unixStreamAddress(name))
                let listener = try listen(on: address)
                defer { Platform.close(listener) }
                let fd = try #require(
                    Platform.connectStream([address], deadline: Platform.monotonicMilliseconds() + 5000))
                Platform.close(fd)
            }
        }

        @Test func talksToATCPListenerWithinDeadlines() throws {
            let wildcard = try #require(
                try Platform.resolveStreamAddresses(host: "127.0.0.1", port: "0").get().first)
            let listener = try listen(on: wildcard)
            defer { Platform.close(listener) }
            let port = try boundPort(listener)
            let addresses = try Platform.resolveStreamAddresses(host: "127.0.0.1", port: "\(port)").get()
            let client = try #require(
                Platform.connectStream(addresses, deadline: Platform.monotonicMilliseconds() + 5000))
            defer { Platform.close(client) }
            #expect(fcntl(client, F_GETFD) & FD_CLOEXEC != 0)
            #expect(fcntl(client, F_GETFL) & O_NONBLOCK != 0)
            let server = accept(listener, nil, nil)
            try #require(server >= 0)
            var serverOpen = true
            defer { if serverOpen { Platform.close(server) } }

            #expect(
                Platform.sendAll(
                    client, Array("ping".utf8), deadline: Platform.monotonicMilliseconds() + 5000))
            #expect(try Platform.read(server, upTo: 16) == Array("ping".utf8))
            try Platform.write(server, Array("pong".utf8))
            let answer = Platform.receive(client, upTo: 16, deadline: Platform.monotonicMilliseconds() + 5000)
            #expect(answer == Array("pong".utf8))

            // Nothing more comes: nil at the deadline, not before.
            let start = Platform.monotonicMilliseconds()
            #expect(Platform.receive(client, upTo: 16, deadline: start + 300) == nil)
            #expect(Platform.monotonicMilliseconds() - start >= 290)

            // The peer closes: end of stream, then sending fails (EPIPE, no SIGPIPE).
            Platform.close(server)
            serverOpen = false
            #expect(
                Platform.receive(client, upTo: 16, deadline: Platform.monotonicMilliseconds() + 5000) == [])
            let chunk = [UInt8](repeating: 7, count: 65536)
            var failed = false
            for _ in 0..<20 where !failed {
                failed = !Platform.sendAll(client, chunk, deadline: Platform.monotonicMilliseconds() + 2000)
            }
            #expect(failed)
        }

        @Test func aClosedPortFailsBeforeTheDeadline() throws {
            let wildcard = try #require(
                try Platform.resolveStreamAddresses(host: "127.0.0.1", port: "0").get().first)
            let listener = try listen(on: wildcard)
            let port = try boundPort(listener)
            Platform.close(listener)
            let addresses = try Platform.resolveStreamAddresses(host: "127.0.0.1", port: "\(port)").get()
            let start = Platform.monotonicMilliseconds()
            let fd = Platform.connectStream(addresses, deadline: start + 3000)
            if let fd { Platform.close(fd) }
            #expect(fd == nil)
            #expect(Platform.monotonicMilliseconds() - start < 3000)
        }

        // MARK: The keeper's notify socket

        @Test func notifyListenerReceivesDatagramsInAPrivateDirectory() throws {
            let listener = try DaemonikerPlatform.NotifyListener()
            var open = true
            defer { if open { listener.shutDown() } }
            #expect(listener.address == listener.directory + "/notify")
            #expect(mode(listener.directory) == S_IFDIR | 0o700)
            #expect(mode(listener.address) == S_IFSOCK | 0o600)
            #expect(fcntl(listener.fd, F_GETFD) & FD_CLOEXEC != 0)
            #expect(listener.receive(milliseconds: 0) == nil)

            let sender = try NotifySocket(path: listener.address)
            defer { Platform.close(sender.fd) }
            try sender.send("READY=1\nSTATUS=up")
            #expect(listener.receive(milliseconds: 5000) == ["READY=1", "STATUS=up"])

            try sender.send("STATUS=one")
            try sender.send("STATUS=two")
            #expect(try Platform.waitReadable(listener.fd, milliseconds: 5000))
            listener.drain()
            #expect(listener.receive(milliseconds: 0) == nil)

            listener.shutDown()
            open = false
            #expect(mode(listener.address) == nil)
            #expect(mode(listener.directory) == nil)
        }
    }

    // MARK: Helpers

    /// The bytes as UTF-8 text.
    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A hexadecimal field (`SigIgn`, `SigBlk`) of a `/proc/.../status` file; nil when unreadable.
    private func statusField(_ name: String, of path: String) -> UInt64? {
        guard let fd = try? Platform.open(path, .readOnly) else { return nil }
        defer { Platform.close(fd) }
        guard let bytes = try? Platform.readAll(fd) else { return nil }
        for line in text(bytes).split(separator: "\n") where line.hasPrefix(name + ":") {
            return UInt64(
                line.dropFirst(name.count + 1).trimmingPrefix { $0 == "\t" || $0 == " " }, radix: 16)
        }
        return nil
    }

    /// The handler of `signal` as a number (0: default, 1: ignored), without changing it.
    private func disposition(_ signal: Int32) -> Int {
        var action = sigaction()
        sigaction(signal, nil, &action)
        return action.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) } ?? 0
    }

    /// `st_mode` of `path` (not following a final link); nil when it does not exist.
    private func mode(_ path: String) -> UInt32? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode : nil
    }

    /// A new private directory in /tmp.
    private func makeDirectory() throws -> String {
        var template = Array("/tmp/dk-keeper-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { throw SystemError("mkdtemp") }
        return made
    }

    /// A listening stream socket bound to `address`.
    private func listen(on address: SocketAddress) throws -> Int32 {
        let fd = socket(address.family, address.type | Int32(SOCK_CLOEXEC.rawValue), address.proto)
        guard fd >= 0 else { throw SystemError("socket") }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { raw in
            for (index, byte) in address.bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(address.bytes.count))
            }
        }
        guard bound == 0, Glibc.listen(fd, 8) == 0 else {
            let error = SystemError("bind and listen")
            Platform.close(fd)
            throw error
        }
        return fd
    }

    /// The port an IPv4 socket is bound to.
    private func boundPort(_ fd: Int32) throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemError("getsockname") }
        return UInt16(bigEndian: address.sin_port)
    }
#endif
