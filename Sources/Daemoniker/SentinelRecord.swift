#if os(Windows)
    import DaemonikerWindows
#else
    import DaemonikerPOSIX
#endif

/// The record of the current sentinel, beside the pid file (`<pid file>.sentinel`), never in
/// it: `"<sentinel pid> <token>\n"`. Replaced atomically (written aside, then renamed) before a
/// relayed signal is dispatched, so a sender knows the relay is armed again once it changes.
struct SentinelRecord: Equatable, Sendable {
    var pid: Int32
    var token: Int32

    /// Where the record of the daemon with `pidFile` lives.
    static func path(forPIDFile pidFile: String) -> String { pidFile + ".sentinel" }

    /// The text of the record.
    var encoded: String { "\(pid) \(token)\n" }

    /// Parses a record; nil for anything else.
    init?(parsing text: String) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, let token = Int32(fields[1]) else {
            return nil
        }
        self.pid = pid
        self.token = token
    }

    init(pid: Int32, token: Int32) {
        self.pid = pid
        self.token = token
    }

    /// Reads the record at `path`; nil when there is none (relay off, or the daemon is gone).
    static func read(_ path: String) -> SentinelRecord? {
        guard let fd = try? Platform.open(path, .existingNoFollow) else { return nil }
        defer { Platform.close(fd) }
        guard let bytes = try? Platform.readAll(fd) else { return nil }
        return SentinelRecord(parsing: String(decoding: bytes, as: UTF8.self))
    }

    /// Replaces the record at `path` atomically.
    func write(to path: String) throws(SystemError) {
        let aside = "\(path).\(Platform.processID).new"
        let fd = try Platform.open(aside, .log(append: false), permissions: 0o644)
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
}
