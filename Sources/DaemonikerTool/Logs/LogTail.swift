import DaemonikerPlatform

/// The last lines of a log, read from the end of the file backwards, and from its rotated files
/// when the file itself holds fewer (just after a rotation).
enum LogTail {
    /// How much is read at a time, backwards from the end.
    static let block = 65536

    /// The last `count` lines of `text`, and how many that is (fewer when `text` has fewer). A
    /// last line without a line break (one being written) counts as a line.
    static func lastLines(_ count: Int, in text: ArraySlice<UInt8>) -> (lines: ArraySlice<UInt8>, found: Int)
    {
        guard count > 0, let last = text.last else { return (text[text.endIndex...], 0) }
        let newline = UInt8(ascii: "\n")
        // A line break that ends the text ends its last line; it does not begin another.
        var index = text.endIndex - (last == newline ? 2 : 1)
        var found = 0
        while index >= text.startIndex {
            if text[index] == newline {
                found += 1
                if found == count { return (text[(index + 1)...], found) }
            }
            index -= 1
        }
        return (text, found + 1)
    }

    /// The last `count` lines of the open file `fd`, reading backwards from `end` (its size when
    /// the reading began), and how many that is.
    static func lastLines(_ count: Int, of fd: Int32, end: Int64) throws(SystemError) -> (
        lines: [UInt8], found: Int
    ) {
        guard count > 0, end > 0 else { return ([], 0) }
        var text: [UInt8] = []
        var start = end
        while start > 0 {
            let size = Int(min(Int64(block), start))
            start -= Int64(size)
            let chunk = try Platform.read(fd, at: start, upTo: size)
            text = chunk + text
            // Enough once there are more line breaks than lines wanted (one may end the text).
            if text.reduce(0, { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }) > count { break }
        }
        // Either the whole file was read, or it holds more line breaks than `count`: either way
        // every line counted is whole.
        let (lines, found) = lastLines(count, in: text[...])
        return (Array(lines), found)
    }

    /// The last `count` lines from the rotated files `older` (the newest first: `PATH.1`,
    /// `PATH.2` ...), oldest line first, for when the file itself held fewer: missing or
    /// unreadable rotated files are passed over; one that is not a regular file of `owner`
    /// (the record's) or root is refused (``RecordedLogFile``).
    static func lastLines(_ count: Int, ofRotated older: [String], owner: UInt32) throws(ToolError) -> [UInt8]
    {
        var parts: [[UInt8]] = []
        var wanted = count
        for path in older where wanted > 0 {
            guard let fd = try RecordedLogFile.openRotated(path, owner: owner) else { continue }
            defer { Platform.close(fd) }
            guard let size = try? Platform.info(ofDescriptor: fd).size,
                let (lines, found) = try? lastLines(wanted, of: fd, end: size)
            else { continue }
            parts.append(lines)
            wanted -= found
        }
        return parts.reversed().flatMap { $0 }
    }
}
