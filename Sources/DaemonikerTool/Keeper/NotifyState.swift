import DaemonikerPlatform

/// What the keeper has heard on its notify socket since the program was ready, kept beside the
/// pid file (`PIDFILE.notify`) so that `reload` can learn when a reload has finished:
/// `ready COUNT\nstatus TEXT\n`, where COUNT is how many `READY=1` came after the first.
struct NotifyState: Equatable {
    /// `READY=1` messages after the first (each ends a reload).
    var readyCount: Int
    /// The last `STATUS=` text.
    var status: String

    /// The file beside `pidFile`.
    static func path(forPIDFile pidFile: String) -> String { pidFile + ".notify" }

    /// Reads the file beside `pidFile`; nil when there is none (the program was not started
    /// with `--ready notify`) or it cannot be read.
    static func read(forPIDFile pidFile: String) -> NotifyState? {
        guard let fd = try? Platform.open(path(forPIDFile: pidFile), .existingNoFollow, permissions: 0)
        else { return nil }
        defer { Platform.close(fd) }
        guard let bytes = try? Platform.contents(fd, upTo: 4096) else { return nil }
        var state = NotifyState(readyCount: 0, status: "")
        var sawCount = false
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("ready "), let count = Int(line.dropFirst(6)) {
                state.readyCount = count
                sawCount = true
            } else if line.hasPrefix("status ") {
                state.status = String(line.dropFirst(7))
            }
        }
        return sawCount ? state : nil
    }

    /// Replaces the file beside `pidFile` with this state, atomically (``SideFile``).
    func write(forPIDFile pidFile: String) {
        let text = "ready \(readyCount)\nstatus \(status.split(separator: "\n").first ?? "")\n"
        try? SideFile.replace(Self.path(forPIDFile: pidFile), with: text)
    }

    /// Removes the file beside `pidFile`.
    static func remove(forPIDFile pidFile: String) {
        try? Platform.unlink(path(forPIDFile: pidFile))
    }
}
