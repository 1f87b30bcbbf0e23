/// An address a daemon listens on, bound outside the program that accepts on it and passed to
/// it by systemd's socket-activation protocol: a TCP host and port, or a Unix-domain socket's
/// path, with the name the program receives it under (`LISTEN_FDNAMES`, systemd's
/// `FileDescriptorName=`).
///
/// Written `[NAME=]tcp:HOST:PORT` (HOST a name, an IPv4 address, or an IPv6 address in brackets:
/// `tcp:[::1]:8080`) or `[NAME=]unix:PATH`. Without a name the socket is named ``defaultName``,
/// `"unknown"`, which is what `sd_listen_fds_with_names` reports for a socket systemd passed
/// without one.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Where the socket listens.
    public enum Endpoint: Sendable, Hashable {
        /// A TCP port on `host` (a name, which the first address it resolves to stands for, or
        /// a numeric IPv4 or IPv6 address, without brackets).
        case tcp(host: String, port: UInt16)
        /// A Unix-domain stream socket at `path`.
        case unix(path: String)
    }

    /// The name of a socket given none: `"unknown"`, as systemd's `sd_listen_fds_with_names`
    /// says for one passed without `FileDescriptorName=`.
    public static let defaultName = ActivatedSocket.unnamed
    /// The accepted forms, for messages.
    static let forms =
        "[NAME=]tcp:HOST:PORT (HOST a name, an IPv4 address, or an IPv6 address in brackets: tcp:[::1]:8080) or [NAME=]unix:PATH"

    /// The name the program receives the socket under.
    public var name: String
    /// Where it listens.
    public var endpoint: Endpoint

    /// An address named `name`. The name must be 1 to 255 printable ASCII characters without
    /// `:` or `=` (systemd's rule for `FileDescriptorName=`, and `:` separates
    /// `LISTEN_FDNAMES`); ``init(parsing:)`` checks that, this initializer does not.
    public init(name: String = ListenAddress.defaultName, _ endpoint: Endpoint) {
        self.name = name
        self.endpoint = endpoint
    }

    /// Parses `[NAME=]tcp:HOST:PORT` or `[NAME=]unix:PATH`. Throws
    /// `DaemonikerError` `.invalidConfiguration` naming `text` and saying the accepted
    /// forms when it is neither.
    public init(parsing text: String) throws(DaemonikerError) {
        func refuse(_ why: String) -> DaemonikerError {
            DaemonikerError(
                .invalidConfiguration,
                "'\(text)' is not a listen address: \(why); write \(Self.forms)")
        }
        var rest = Substring(text)
        var name = Self.defaultName
        // A name comes before the kind's colon; an `=` after it belongs to a path.
        if let equals = rest.firstIndex(of: "="), rest.firstIndex(of: ":").map({ equals < $0 }) ?? true {
            name = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            if let problem = Self.nameProblem(name) { throw refuse(problem) }
        }
        if rest.hasPrefix("unix:") {
            let path = rest.dropFirst(5)
            guard !path.isEmpty else { throw refuse("the path is empty") }
            guard !path.utf8.contains(0) else { throw refuse("the path contains a NUL byte") }
            self.init(name: name, .unix(path: String(path)))
            return
        }
        guard rest.hasPrefix("tcp:") else { throw refuse("it starts with neither tcp: nor unix:") }
        let hostAndPort = rest.dropFirst(4)
        let host: Substring
        let port: Substring
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else {
                throw refuse("the IPv6 address has no closing ]")
            }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            guard after.hasPrefix(":") else { throw refuse("no :PORT after the bracketed address") }
            port = after.dropFirst()
        } else {
            guard let colon = hostAndPort.lastIndex(of: ":") else { throw refuse("no :PORT") }
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
            guard !host.contains(":") else { throw refuse("an IPv6 address must be in brackets") }
        }
        guard !host.isEmpty else {
            throw refuse("the host is empty (0.0.0.0 or [::] listens on every address)")
        }
        guard port.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = UInt16(port), number > 0
        else {
            throw refuse("the port '\(port)' is not a number from 1 to 65535")
        }
        self.init(name: name, .tcp(host: String(host), port: number))
    }

    /// Why `name` cannot name a socket, or nil when it can.
    static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "the name before = is empty" }
        guard name.utf8.count <= 255 else { return "the name is longer than 255 characters" }
        guard name.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != ":" && $0 != "=" })
        else {
            return "the name '\(name)' has a character other than printable ASCII, or a space, : or ="
        }
        return nil
    }

    /// The address without its name: `tcp:127.0.0.1:8080`, `tcp:[::1]:8080`, `unix:/run/x.sock`.
    public var address: String {
        switch endpoint {
        case .tcp(let host, let port):
            host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        case .unix(let path):
            "unix:\(path)"
        }
    }

    /// The address as ``init(parsing:)`` reads it: with `NAME=` unless the name is the
    /// default.
    public var description: String {
        name == Self.defaultName ? address : "\(name)=\(address)"
    }
}
