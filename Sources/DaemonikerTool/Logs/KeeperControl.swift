import DaemonikerPlatform

/// The other side of the keeper's control socket (``ControlServer``): sends one request and
/// reads the answer.
enum KeeperControl {
    /// What came back.
    enum Answer: Equatable {
        /// `ok TEXT`.
        case done(String)
        /// `error TEXT`: the keeper could not do it.
        case refused(String)
        /// `fail STATUS TEXT`: the keeper could not do it, and says with which exit status the
        /// asking subcommand ends (`upgrade`).
        case failed(ExitStatus, String)
        /// No answer: nothing listens at the socket, or it did not answer in time.
        case unreachable(String)
    }

    /// Sends `request` to the socket at `path`, which must be a socket of the user `owner` (the
    /// keeper's, who owns its record; bad input otherwise, before anything is sent); waits at
    /// most `milliseconds` (10 s unless told) for the answer.
    static func send(_ request: String, to path: String, owner: UInt32, waiting milliseconds: Int64 = 10_000)
        throws(ToolError) -> Answer
    {
        try checkSocket(path, owner: owner)
        let deadline = Platform.monotonicMilliseconds() + milliseconds
        guard let address = Platform.unixStreamAddress(path) else {
            return .unreachable("\(path) is not a socket path this system can use")
        }
        guard let fd = Platform.connectStream([address], deadline: deadline) else {
            return .unreachable("nothing answers at \(path)")
        }
        defer { Platform.close(fd) }
        guard Platform.sendAll(fd, Array((request + "\n").utf8), deadline: deadline) else {
            return .unreachable("the keeper closed \(path) before the request was sent")
        }
        var reply: [UInt8] = []
        while !reply.contains(UInt8(ascii: "\n")), reply.count < 65536,
            let bytes = Platform.receive(fd, upTo: 4096, deadline: deadline), !bytes.isEmpty
        {
            reply += bytes
        }
        let line = printable(reply.prefix { $0 != UInt8(ascii: "\n") })
        if line.hasPrefix("ok ") { return .done(String(line.dropFirst(3))) }
        if line.hasPrefix("error ") { return .refused(String(line.dropFirst(6))) }
        if line.hasPrefix("fail ") {
            let rest = line.dropFirst(5)
            let number = rest.prefix { $0 != " " }
            if let code = Int32(number), let status = ExitStatus.known(code) {
                return .failed(status, String(rest.dropFirst(number.count + 1)))
            }
        }
        if reply.isEmpty, Platform.monotonicMilliseconds() < deadline {
            return .unreachable("the keeper at \(path) closed the connection without an answer (it ended?)")
        }
        return .unreachable("no answer from the keeper at \(path) within \(milliseconds / 1000) s")
    }

    /// Refuses a control socket path that is not a socket of `owner`: whoever may write the
    /// record could otherwise have `logs` (often root) connect anywhere. Missing: left to the
    /// connection to say. (Windows reports no sockets nor owners to check.)
    private static func checkSocket(_ path: String, owner: UInt32) throws(ToolError) {
        #if !os(Windows)
            guard let info = try? Platform.info(ofPath: path) else { return }
            let cause =
                !info.isSocket
                ? "is not a socket"
                : info.owner != owner
                    ? "belongs to user \(info.owner), not to the keeper's user (\(owner), who owns its record)"
                    : nil
            if let cause {
                throw ToolError(
                    .badInput,
                    "the control socket \(path) \(cause); refusing to connect to it (the keeper makes its socket as its own user); start the program again to have a new one"
                )
            }
        #endif
    }

    /// `bytes` as text with control characters left out: whatever listens there, it cannot
    /// send escape sequences to the terminal.
    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(
            String.UnicodeScalarView(
                String(decoding: bytes, as: UTF8.self).unicodeScalars.filter {
                    $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value)
                }))
    }
}
