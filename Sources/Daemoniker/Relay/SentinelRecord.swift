import DaemonikerPlatform

/// The record of the current sentinel, beside the pid file (`<pid file>.sentinel`), never in
/// it: `"<sentinel pid> <token> <daemon pid>\n"`, with ` queued` before the newline for a sentinel
/// that answers relayed signals in place (a sender picks the protocol from the record, so a
/// sender and a daemon from different builds still agree; a build that knows only three fields
/// takes such a record for none and signals the daemon directly). Replaced atomically (written
/// aside under a new name, then renamed) before a relayed signal is dispatched, so a sender
/// knows the relay is armed again once it changes. It names its daemon, so a record left behind
/// by a daemon that was killed is never mistaken for the relay of the one running now.
struct SentinelRecord: Equatable, Sendable {
    var pid: Int32
    var token: Int32
    var daemon: Int32
    /// Whether the sentinel answers relayed signals in place (queued real-time signals).
    var answersInPlace: Bool

    /// Where the record of the daemon with `pidFile` lives.
    static func path(forPIDFile pidFile: String) -> String { pidFile + ".sentinel" }

    /// The file senders lock to relay one signal at a time (`<record>.lock`).
    static func lockPath(forPIDFile pidFile: String) -> String { path(forPIDFile: pidFile) + ".lock" }

    /// The text of the record.
    var encoded: String { "\(pid) \(token) \(daemon)\(answersInPlace ? " queued" : "")\n" }

    /// Parses a record; nil for anything else.
    init?(parsing text: String) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 3 || (fields.count == 4 && fields[3] == "queued"), let pid = Int32(fields[0]),
            pid > 0, let token = Int32(fields[1]), let daemon = Int32(fields[2]), daemon > 0
        else { return nil }
        self.pid = pid
        self.token = token
        self.daemon = daemon
        self.answersInPlace = fields.count == 4
    }

    init(pid: Int32, token: Int32, daemon: Int32, answersInPlace: Bool) {
        self.pid = pid
        self.token = token
        self.daemon = daemon
        self.answersInPlace = answersInPlace
    }

    /// Reads the record at `path` if it is a regular file (not a link), owned by `owner` (the
    /// pid file's) or by the daemon's own user (it writes the record after `user:` took effect),
    /// names `daemon`, and names a sentinel that is the daemon's child (or already gone, while
    /// it is being replaced); nil otherwise (relay off, the daemon gone, a record left behind,
    /// or one forged to aim the relay's signal at another process).
    static func read(_ path: String, daemon: Int32, owner: UInt32) -> SentinelRecord? {
        guard let fd = try? Platform.open(path, .existingNoFollow) else { return nil }
        defer { Platform.close(fd) }
        guard let info = try? Platform.info(ofDescriptor: fd), info.isRegular,
            info.owner == owner || info.owner == Platform.processOwner(daemon),
            let bytes = try? Platform.contents(fd, upTo: 128),
            let record = SentinelRecord(parsing: String(decoding: bytes, as: UTF8.self)),
            record.daemon == daemon
        else { return nil }
        if let sentinel = Platform.processIdentity(record.pid), sentinel.parent != daemon { return nil }
        return record
    }

    /// Replaces the record at `path` atomically. The new content is written to a file created
    /// exclusively, never through a link, under a name nobody can guess.
    func write(to path: String) throws(SystemError) {
        let aside = Token.asidePath(for: path)
        let fd = try Platform.open(aside, .exclusive, permissions: 0o644)
        do {
            try Platform.setPermissions(fd, 0o644)
            try Platform.write(fd, Array(encoded.utf8))
        } catch {
            Platform.close(fd)
            try? Platform.unlink(aside)
            throw error
        }
        Platform.close(fd)
        try Platform.rename(aside, to: path)
    }

    /// Removes a record and its lock file left behind for `pidFile` (call only while holding
    /// the pid file's lock, or once its daemon is known to be gone).
    static func removeLeftovers(forPIDFile pidFile: String) {
        try? Platform.unlink(path(forPIDFile: pidFile))
        try? Platform.unlink(lockPath(forPIDFile: pidFile))
    }
}
