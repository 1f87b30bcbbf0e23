import DaemonikerPlatform

/// What the keeper records beside the pid file (`PIDFILE.keeper`) for `daemoniker logs` and
/// `daemoniker upgrade`: its own pid (the pid file names the program, not the keeper), the log
/// files and how many rotated files it keeps, the path of its control socket, and after an
/// upgrade the generation running. Written atomically (a new file renamed over),
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
    /// The pid of the generation an `upgrade` started last; nil before the first upgrade (the
    /// pid file names the program either way).
    var program: Int32?
    /// How many generations have run: 1 for the first, one more after each `upgrade`; nil
    /// before the first upgrade.
    var generation: Int?
    /// Who owns the record (not in its text): the keeper's user, whose files `logs` reads.
    /// This user for a record not read from a file.
    var owner: UInt32 = Platform.effectiveUserID

    /// The file beside `pidFile`.
    static func path(forPIDFile pidFile: String) -> String { pidFile + ".keeper" }

    /// The record as the file holds it.
    var text: String {
        var lines = ["keeper \(keeper)"]
        if let log { lines.append("log " + Self.escaped(log)) }
        if let errorLog { lines.append("error-log " + Self.escaped(errorLog)) }
        if let keep { lines.append("keep \(keep)") }
        if let control { lines.append("control " + Self.escaped(control)) }
        if let program { lines.append("program \(program)") }
        if let generation { lines.append("generation \(generation)") }
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
            case "program": record.program = Int32(value)
            case "generation": record.generation = Int(value)
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

    /// Reads the record beside `pidFile` (absolute), never through a symbolic link nor blocking;
    /// nil when there is none or it cannot be read. Bad input when it is not a regular file or
    /// belongs to a user other than root, this user and the owner of the pid file's directory
    /// (who may write it there): the paths it names are opened, often by root.
    static func read(forPIDFile pidFile: String) throws(ToolError) -> KeeperRecord? {
        let recordPath = path(forPIDFile: pidFile)
        let fd: Int32
        do {
            fd = try Platform.open(recordPath, .existingNoFollow, permissions: 0)
        } catch {
            if error.isSymbolicLink || (try? Platform.info(ofPath: recordPath))?.isSymbolicLink == true {
                throw refusal(recordPath, "is a symbolic link; refusing to follow it")
            }
            return nil
        }
        defer { Platform.close(fd) }
        guard let info = try? Platform.info(ofDescriptor: fd) else { return nil }
        guard info.isRegular else { throw refusal(recordPath, "is not a regular file") }
        let directory = Platform.directory(of: pidFile)
        let directoryOwner = (try? Platform.info(ofPath: Platform.resolvedPath(directory) ?? directory))?
            .owner
        guard info.owner == 0 || info.owner == Platform.effectiveUserID || info.owner == directoryOwner else {
            throw refusal(
                recordPath,
                "belongs to user \(info.owner), who is neither root, nor this user, nor the owner of \(directory); refusing to trust the paths it names"
            )
        }
        guard let bytes = try? Platform.contents(fd, upTo: 65536),
            var record = KeeperRecord(text: String(decoding: bytes, as: UTF8.self))
        else { return nil }
        record.owner = info.owner
        return record
    }

    /// Bad input: the record at `path` is not what a keeper writes.
    private static func refusal(_ path: String, _ cause: String) -> ToolError {
        ToolError(
            .badInput,
            "the keeper's record \(path) \(cause) (a keeper writes it as a regular file, as its own user, in the pid file's directory); check and remove it, and start the program again to have it written anew"
        )
    }

    /// Replaces the file beside `pidFile` with this record, atomically; the error when it
    /// cannot (the keeper's user may not write the pid file's directory).
    func write(forPIDFile pidFile: String) throws(SystemError) {
        try SideFile.replace(Self.path(forPIDFile: pidFile), with: text)
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
