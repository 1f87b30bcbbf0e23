import DaemonikerPlatform

/// `logs --follow`: keeps reading a log as it grows, across rotations (the file renamed away and
/// a new one created at the path, by the keeper or by logrotate) and truncation (logrotate's
/// `copytruncate`), and hands on each new piece.
///
/// It looks every ``interval`` milliseconds (this is the reader's side; the keeper itself never
/// polls). A rotation is seen as another file at the path: the old one is read to its end, then
/// any rotated files that came after it (`PATH.k-1` ... `PATH.1`, when more than one rotation
/// happened between two looks), then the new one from its start.
struct LogFollower {
    /// How often it looks, in milliseconds.
    static let interval = 100

    /// The log's path.
    let path: String
    /// How many rotated files the keeper keeps (0: it does not rotate).
    let keep: Int
    /// The keeper's user (the record's owner): the files read must be its or root's
    /// (``RecordedLogFile``).
    let owner: UInt32
    /// The file being read, if it could be opened.
    private var fd: Int32?
    /// What that file is.
    private var file: FileInfo?
    /// How far it has been read.
    private var offset: Int64 = 0

    /// A follower of `path`, whose rotated files are `PATH.1` ... `PATH.keep`, written by the
    /// user `owner`.
    init(path: String, keep: Int, owner: UInt32) {
        self.path = path
        self.keep = keep
        self.owner = owner
    }

    /// Opens the log and returns its last `count` lines (from the rotated files too when it
    /// holds fewer); following goes on from its end. Throws when the log exists but cannot be
    /// read.
    mutating func start(lastLines count: Int) throws(ToolError) -> [UInt8] {
        guard try open() else {
            return try LogTail.lastLines(
                count, ofRotated: Array(RotationPolicy.files(of: path, keep: keep).dropFirst()), owner: owner)
        }
        guard let fd else { return [] }
        let lines: [UInt8]
        let found: Int
        do {
            let size = try Platform.info(ofDescriptor: fd).size
            (lines, found) = try LogTail.lastLines(count, of: fd, end: size)
            offset = size
        } catch {
            throw RecordedLogFile.unreadable(path, error)
        }
        let older = Array(RotationPolicy.files(of: path, keep: keep).dropFirst())
        return try LogTail.lastLines(count - found, ofRotated: older, owner: owner) + lines
    }

    /// What was written since the last look, having followed any rotation or truncation.
    mutating func poll() throws(ToolError) -> [UInt8] {
        guard let current = fd else { return try open() ? readOn() : [] }
        var output = try readOn()
        let atPath = try? Platform.info(ofPath: path)
        if let atPath, let file, !atPath.isSameFile(as: file) {
            // Rotated: whatever came to the old file before the switch, then the files after it.
            output += try readOn()
            let old = file
            Platform.close(current)
            fd = nil
            output += try contents(of: rotatedSince(old))
            if try open() { output += try readOn() }
        } else if let size = try? Platform.info(ofDescriptor: current).size, size < offset {
            // Truncated in place: read again from the start.
            offset = 0
            output += try readOn()
        }
        return output
    }

    /// Opens the file at the path, to be read from its start; whether there is one.
    private mutating func open() throws(ToolError) -> Bool {
        guard let opened = try RecordedLogFile.open(path, owner: owner) else { return false }
        fd = opened
        file = try? Platform.info(ofDescriptor: opened)
        offset = 0
        return true
    }

    /// Reads the current file from where it was left to its end.
    private mutating func readOn() throws(ToolError) -> [UInt8] {
        guard let fd else { return [] }
        var output: [UInt8] = []
        while true {
            let chunk: [UInt8]
            do {
                chunk = try Platform.read(fd, at: offset, upTo: LogTail.block)
            } catch {
                throw RecordedLogFile.unreadable(path, error)
            }
            if chunk.isEmpty { return output }
            offset += Int64(chunk.count)
            output += chunk
        }
    }

    /// The rotated files newer than `old` (a file that was at the path), the oldest first: those
    /// before `old`'s place among `PATH.1` ... `PATH.keep`, or all of them when `old` is no longer
    /// among them (it was rotated past the last one kept).
    private func rotatedSince(_ old: FileInfo) -> [String] {
        let rotated = Array(RotationPolicy.files(of: path, keep: keep).dropFirst())
        let place =
            rotated.firstIndex { name in (try? Platform.info(ofPath: name))?.isSameFile(as: old) == true }
            ?? rotated.count
        return rotated.prefix(place).reversed()
    }

    /// The whole of each file in `paths`, in order; one that is missing or cannot be read is
    /// passed over, one that is not a regular file of the keeper's user or root is refused.
    private func contents(of paths: [String]) throws(ToolError) -> [UInt8] {
        var output: [UInt8] = []
        for path in paths {
            guard let fd = try RecordedLogFile.openRotated(path, owner: owner) else { continue }
            output += (try? Platform.readAll(fd)) ?? []
            Platform.close(fd)
        }
        return output
    }

    /// Closes the file being read.
    mutating func close() {
        if let fd { Platform.close(fd) }
        fd = nil
    }
}
