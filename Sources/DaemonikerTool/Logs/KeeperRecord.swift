import DaemonikerPlatform

/// What the keeper records beside the pid file (`PIDFILE.keeper`) for `daemoniker logs`: its own
/// pid (the pid file names the program, not the keeper), the log files and how many rotated files
/// it keeps, and the path of its control socket. Written atomically (a new file renamed over),
/// mode 0644, one `key value` line each (a line break or backslash in a value is escaped as `\n`
/// or `\\`). The keeper removes it when a start fails; after the program ends it stays, so that
/// `logs` still finds the logs.
struct KeeperRecord: Equatable {
    /// The keeper's pid.
    var keeper: Int32
    /// `--log`, absolute; nil when the program was started without it.
    var log: String?
    /// `--error-log`, absolute.
    var errorLog: String?
    /// How many rotated files the logs keep; nil when they do not rotate.
    var keep: Int?
    /// The control socket's path; nil when there is none.
    var control: String?

    /// The file beside `pidFile`.
    static func path(forPIDFile pidFile: String) -> String { pidFile + ".keeper" }

    /// The record as the file holds it.
    var text: String {
        var lines = ["keeper \(keeper)"]
        if let log { lines.append("log " + Self.escaped(log)) }
        if let errorLog { lines.append("error-log " + Self.escaped(errorLog)) }
        if let keep { lines.append("keep \(keep)") }
        if let control { lines.append("control " + Self.escaped(control)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses what ``text`` wrote; nil when it has no keeper pid. Unknown keys are skipped (a
    /// newer keeper may write more).
    init?(text: String) {
        var record = KeeperRecord(keeper: 0)
        // By scalars: a value ending in a carriage return must not join the line break after it.
        for line in text.unicodeScalars.split(separator: "\n") {
            let keyScalars = line.prefix { $0 != " " }
            let key = String(String.UnicodeScalarView(keyScalars))
            let value = Self.unescaped(String(String.UnicodeScalarView(line.dropFirst(keyScalars.count + 1))))
            switch key {
            case "keeper": record.keeper = Int32(value) ?? 0
            case "log": record.log = value
            case "error-log": record.errorLog = value
            case "keep": record.keep = Int(value)
            case "control": record.control = value
            default: continue
            }
        }
        guard record.keeper > 0 else { return nil }
        self = record
    }

    /// A record with these fields.
    init(keeper: Int32, log: String? = nil, errorLog: String? = nil, keep: Int? = nil, control: String? = nil)
    {
        self.keeper = keeper
        self.log = log
        self.errorLog = errorLog
        self.keep = keep
        self.control = control
    }

    /// Reads the record beside `pidFile`, never through a symbolic link; nil when there is
    /// none or it cannot be read.
    static func read(forPIDFile pidFile: String) -> KeeperRecord? {
        guard let fd = try? Platform.open(path(forPIDFile: pidFile), .existingNoFollow, permissions: 0)
        else { return nil }
        defer { Platform.close(fd) }
        guard let bytes = try? Platform.contents(fd, upTo: 65536) else { return nil }
        return KeeperRecord(text: String(decoding: bytes, as: UTF8.self))
    }

    /// Replaces the file beside `pidFile` with this record, atomically; the error when it
    /// cannot (the keeper's user may not write the pid file's directory).
    func write(forPIDFile pidFile: String) throws(SystemError) {
        let final = Self.path(forPIDFile: pidFile)
        let temporary = final + ".new"
        try? Platform.unlink(temporary)
        let fd = try Platform.open(temporary, .exclusive, permissions: 0o644)
        var failure: SystemError?
        do {
            // 0644 whatever the umask: `logs` reads it as any user that may read the logs.
            try Platform.setPermissions(fd, 0o644)
            try Platform.write(fd, Array(text.utf8))
        } catch {
            failure = error
        }
        Platform.close(fd)
        do throws(SystemError) {
            if let failure { throw failure }
            try Platform.rename(temporary, to: final)
        } catch {
            try? Platform.unlink(temporary)
            throw error
        }
    }

    /// Removes the file beside `pidFile`.
    static func remove(forPIDFile pidFile: String) {
        try? Platform.unlink(path(forPIDFile: pidFile))
    }

    private static func escaped(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\".unicodeScalars
            case "\n": out += "\\n".unicodeScalars
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static func unescaped(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in value.unicodeScalars {
            if escaping {
                out.append(scalar == "n" ? "\n" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
