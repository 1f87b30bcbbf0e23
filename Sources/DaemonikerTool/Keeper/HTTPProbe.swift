import DaemonikerPlatform

/// The connections the readiness probes make that are more than a connect: a Unix-domain
/// socket by path, and a plain-HTTP/1.0 `GET` whose status line is read.
enum HTTPProbe {
    /// Whether a connection to the Unix-domain stream socket at `path` succeeds before
    /// `deadline`; it is closed again at once.
    static func connects(toUnixSocket path: String, deadline: Int64) -> Bool {
        guard let address = Platform.unixStreamAddress(path),
            let fd = Platform.connectStream([address], deadline: deadline)
        else { return false }
        Platform.close(fd)
        return true
    }

    /// The status code of a `GET path` to one of `addresses`, or nil when none came before
    /// `deadline`.
    static func status(_ addresses: [SocketAddress], hostHeader: String, path: String, deadline: Int64)
        -> Int?
    {
        guard let fd = Platform.connectStream(addresses, deadline: deadline) else { return nil }
        defer { Platform.close(fd) }
        let request =
            "GET \(path) HTTP/1.0\r\nHost: \(hostHeader)\r\nUser-Agent: daemoniker\r\nConnection: close\r\n\r\n"
        guard Platform.sendAll(fd, Array(request.utf8), deadline: deadline) else { return nil }
        var answer: [UInt8] = []
        while answer.count < 64, !answer.contains(UInt8(ascii: "\n")) {
            guard let bytes = Platform.receive(fd, upTo: 64, deadline: deadline) else { return nil }
            if bytes.isEmpty { break }
            answer += bytes
        }
        // "HTTP/1.1 200 OK"
        let line = String(
            decoding: answer.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
    }
}
