import DaemonikerPlatform

/// When `start` and `run` consider the program ready (`--ready`).
enum ReadyMode: OptionValue, Equatable {
    /// As soon as the program was started (its `exec` succeeded).
    case exec
    /// When it sends `READY=1` over the `NOTIFY_SOCKET` the tool provides, as under systemd.
    case notify
    /// When it writes a line to descriptor N, as under s6.
    case descriptor(Int32)
    /// When a TCP connection to the host and port succeeds.
    case tcp(host: String, port: String)
    /// When a connection to the Unix-domain stream socket at the path succeeds.
    case unix(String)
    /// When a plain-HTTP GET of the URL answers 2xx or 3xx.
    case http(host: String, port: String, path: String)
    /// When the file exists.
    case file(String)
    /// When a line of its standard output or error matches the regular expression.
    case log(String)
    /// After this many seconds, if it still runs.
    case delay(Seconds)

    /// Parses `--ready`'s value; relative paths are made absolute against the current directory.
    init(parsing text: String, option: String) throws(ToolError) {
        let kind = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let rest = text.count > kind.count ? String(text.dropFirst(kind.count + 1)) : ""
        switch (kind, text.contains(":")) {
        case ("exec", false): self = .exec
        case ("notify", false): self = .notify
        case ("fd", true):
            guard let number = Int32(rest), number >= 3, number < 1024 else {
                throw .usage(
                    "\(option) fd:N needs a descriptor number from 3 to 1023 (0, 1 and 2 are stdio), not '\(rest)'"
                )
            }
            self = .descriptor(number)
        case ("tcp", true):
            let (host, port) = try Self.hostAndPort(rest, mode: "tcp:HOST:PORT")
            self = .tcp(host: host, port: port)
        case ("unix", true) where !rest.isEmpty: self = .unix(Platform.absolutePath(rest))
        case ("file", true) where !rest.isEmpty: self = .file(Platform.absolutePath(rest))
        case ("http", true):
            guard rest.hasPrefix("//") else {
                throw .usage(
                    "\(option) http:URL needs a plain-http URL such as http://127.0.0.1:8080/health (https is not supported)"
                )
            }
            let afterScheme = rest.dropFirst(2)
            let authority = String(afterScheme.prefix { $0 != "/" })
            let path = String(afterScheme.dropFirst(authority.count))
            let (host, port) =
                authority.contains(":") || authority.hasPrefix("[")
                ? try Self.hostAndPort(authority, mode: "http:URL")
                : (authority, "80")
            guard !host.isEmpty else {
                throw .usage("\(option) \(text) has no host; write http://HOST[:PORT]/PATH")
            }
            self = .http(host: host, port: port, path: path.isEmpty ? "/" : path)
        case ("log", true) where !rest.isEmpty:
            do {
                _ = try Regex(rest)
            } catch {
                throw .usage(
                    "\(option) log:REGEX: '\(rest)' is not a valid regular expression: \(error)")
            }
            self = .log(rest)
        case ("delay", true):
            self = .delay(try Seconds(parsing: rest, option: "\(option) delay:SECONDS"))
        default:
            throw .usage(
                "\(option) '\(text)' is not a readiness mode; use exec, notify, fd:N, tcp:HOST:PORT, unix:PATH, http:URL, file:PATH, log:REGEX or delay:SECONDS"
            )
        }
    }

    private static func hostAndPort(_ text: String, mode: String) throws(ToolError) -> (
        String, String
    ) {
        var host: Substring
        var port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        } else {
            host = ""
            port = ""
        }
        guard !host.isEmpty, let number = UInt16(port), number > 0 else {
            throw .usage(
                "--ready \(mode): '\(text)' needs a host and a port from 1 to 65535 (write 127.0.0.1:8080)")
        }
        return (String(host), String(port))
    }

    /// The mode as `--ready` takes it.
    var text: String {
        switch self {
        case .exec: "exec"
        case .notify: "notify"
        case .descriptor(let fd): "fd:\(fd)"
        case .tcp(let host, let port): host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        case .http(let host, let port, let path):
            "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)"
        case .file(let path): "file:\(path)"
        case .log(let pattern): "log:\(pattern)"
        case .delay(let seconds): "delay:\(seconds.text)"
        }
    }

    /// What a waiting start says it waits for.
    var waitingFor: String {
        switch self {
        case .exec: "the program to start"
        case .notify: "READY=1 on the notify socket"
        case .descriptor(let fd): "a line on descriptor \(fd)"
        case .tcp: "a TCP connection to \(text.dropFirst(4))"
        case .unix(let path): "a connection to \(path)"
        case .http: "a 2xx/3xx answer from \(text)"
        case .file(let path): "\(path) to exist"
        case .log(let pattern): "a line of output matching \(pattern)"
        case .delay(let seconds): "\(seconds.text) s to pass"
        }
    }
}
