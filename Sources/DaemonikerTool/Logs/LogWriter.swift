import Daemoniker
import DaemonikerPlatform

/// The state of one log file the keeper writes, and every decision about it: which bytes go out
/// as whole lines, when the file rotates, the timestamps, and what happens when the disk is full.
/// ``RotatingLog`` holds it under a lock; each method runs with the lock held.
///
/// - Lines are never split or mixed: each stream that feeds the file (standard output and error
///   share `--log` when there is no `--error-log`) keeps its own partial last line until its line
///   break comes. A line that grows past ``longLineLimit`` without one is written as it comes, and
///   until it ends the file belongs to it: no rotation, and the other stream's lines wait.
/// - A rotation happens between two lines, before the one that would take the file past the
///   maximum; a line longer than the maximum goes whole into a file of its own.
/// - A write that fails (`ENOSPC`, `EDQUOT`, `EIO`, `EFBIG`) drops what it could not write, cuts
///   a line the disk took only part of back off the file, and counts the lines dropped; the next
///   write first tries `daemoniker: N lines dropped (REASON)`, and once that succeeds writing goes
///   on. Nothing waits for the disk: the pipes are read on, so COMMAND never blocks.
struct LogWriter {
    /// A partial line longer than this is written before its line break comes (1 MiB), so that
    /// memory stays bounded whatever COMMAND writes.
    static let longLineLimit = 1 << 20

    /// The file's path.
    let path: String
    /// Rotation by size; nil: the file does not rotate.
    let policy: RotationPolicy?
    /// Whether each line begins with the time.
    let timestamps: Bool
    /// The keeper's own standard descriptors that point at this file, moved to each new file so
    /// that what the keeper writes there itself lands in the current one.
    let standardTargets: [Int32]
    /// The open file (append mode).
    private(set) var fd: Int32
    /// Its size as far as this writer knows.
    private(set) var size: Int64
    /// Each stream's partial last line (and, while another stream's long line holds the file,
    /// its whole lines too).
    private var pending: [[UInt8]]
    /// The stream whose over-long line is being written, which holds the file until it ends.
    private var longLine: Int?
    /// Lines dropped since the last successful write, and why.
    private var dropped = 0
    private var dropReason = ""
    /// After a failed rotation, the size below which no new attempt is made.
    private var rotationBlockedBelow: Int64 = 0
    private var stamp = LineStamp()

    /// A writer for `path`, writing to the open descriptor `fd` (which it owns from now on), fed
    /// by `streams` streams.
    init(
        path: String, fd: Int32, streams: Int, policy: RotationPolicy?, timestamps: Bool,
        standardTargets: [Int32]
    ) {
        self.path = path
        self.fd = fd
        self.policy = policy
        self.timestamps = timestamps
        self.standardTargets = standardTargets
        size = (try? Platform.info(ofDescriptor: fd).size) ?? 0
        pending = Array(repeating: [], count: max(1, streams))
    }

    // MARK: What comes in

    /// Bytes read from `stream`'s pipe: every whole line goes out; a partial last line waits.
    /// The lines are written straight from `bytes`; only a partial line is kept.
    mutating func take(_ bytes: [UInt8], from stream: Int) {
        guard longLine == nil else {
            pending[stream] += bytes
            drain(stream)
            return
        }
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            if !pending[stream].isEmpty {
                // The line begun before ends here (or goes on waiting).
                guard let end = all.firstNewline(from: 0) else {
                    pending[stream] += all
                    return
                }
                var line: [UInt8] = []
                swap(&line, &pending[stream])
                line += UnsafeBufferPointer(rebasing: all[...end])
                line.withUnsafeBufferPointer { emit($0) }
                line.removeAll(keepingCapacity: true)
                pending[stream] = line
                start = end + 1
            }
            if let last = all.lastNewline(from: start) {
                emit(UnsafeBufferPointer(rebasing: all[start...last]))
                start = last + 1
            }
            if start < all.count { pending[stream] += UnsafeBufferPointer(rebasing: all[start...]) }
        }
        if pending[stream].count > Self.longLineLimit { drain(stream) }
    }

    /// `stream`'s pipe has ended: its partial last line goes out, with a line break added.
    mutating func endOfStream(_ stream: Int) {
        if let last = pending[stream].last, last != newline {
            pending[stream].append(newline)
            drain(stream)
        } else if longLine == stream {
            finishLongLine()
        }
    }

    /// Writes out everything still waiting (the keeper is ending): a long line is ended, and
    /// every stream's partial line goes out with a line break added.
    mutating func flush() {
        if longLine != nil { finishLongLine() }
        for stream in pending.indices { endOfStream(stream) }
    }

    /// A line of the keeper's own (`daemoniker: ...`). A long line being written is ended
    /// first, so that the note is a line of its own (what comes after of that line is another).
    mutating func note(_ text: String) {
        if longLine != nil { finishLongLine() }
        let line = Array(("daemoniker: " + text + "\n").utf8)
        line.withUnsafeBufferPointer { emit($0) }
    }

    /// Opens `path` anew (it was renamed away or removed, as by logrotate) and writes there from
    /// now on; the error's message when it cannot be opened (the old file is written on). A
    /// long line being written is ended first in the old file: each file holds whole lines.
    mutating func reopen() -> String? {
        if longLine != nil { finishLongLine() }
        do {
            let opened = try LogFile.open(path, append: true, name: "log file")
            adopt(opened.fd)
            return nil
        } catch {
            return error.message
        }
    }

    // MARK: Lines

    /// Takes `stream`'s whole lines out of its pending bytes and writes them, unless another
    /// stream's long line holds the file.
    private mutating func drain(_ stream: Int) {
        if let holder = longLine, holder != stream { return }
        var buffer = pending[stream]
        pending[stream] = []
        var released = false
        let consumed = buffer.withUnsafeBufferPointer { all -> Int in
            var start = 0
            if longLine == stream {
                guard let end = all.firstNewline(from: 0) else {
                    put(all, wholeLines: false)
                    return all.count
                }
                put(UnsafeBufferPointer(rebasing: all[...end]), wholeLines: false)
                longLine = nil
                released = true
                start = end + 1
            }
            if let last = all.lastNewline(from: start) {
                emit(UnsafeBufferPointer(rebasing: all[start...last]))
                start = last + 1
            }
            if all.count - start > Self.longLineLimit {
                beginLongLine(UnsafeBufferPointer(rebasing: all[start...]))
                longLine = stream
                start = all.count
            }
            return start
        }
        if consumed == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeFirst(consumed)
        }
        pending[stream] = buffer
        if released { drainOthers(than: stream) }
    }

    /// Writes whole lines (each ending in a line break), rotating between them where the
    /// policy says, each with its timestamp.
    private mutating func emit(_ lines: UnsafeBufferPointer<UInt8>) {
        guard !lines.isEmpty else { return }
        if !timestamps, fitsWithoutRotation(lines.count) {
            put(lines, wholeLines: true)
            return
        }
        let prefix = timestamps ? stamp.bytes(at: Platform.wallClockMilliseconds()) : []
        var stamped: [UInt8] = []
        if timestamps { stamped.reserveCapacity(lines.count + prefix.count * 64) }
        var batchStart = 0
        var batchSize = 0
        var start = 0
        while start < lines.count {
            let end = (lines.firstNewline(from: start) ?? lines.count - 1) + 1
            let length = end - start + prefix.count
            if rotates(at: size + Int64(batchSize), adding: length) {
                if timestamps {
                    _ = stamped.withUnsafeBufferPointer { put($0, wholeLines: true) }
                    stamped.removeAll(keepingCapacity: true)
                } else {
                    put(UnsafeBufferPointer(rebasing: lines[batchStart..<start]), wholeLines: true)
                }
                batchStart = start
                batchSize = 0
                rotate()
            }
            if timestamps {
                stamped += prefix
                stamped += UnsafeBufferPointer(rebasing: lines[start..<end])
            }
            batchSize += length
            start = end
        }
        if timestamps {
            _ = stamped.withUnsafeBufferPointer { put($0, wholeLines: true) }
        } else {
            put(UnsafeBufferPointer(rebasing: lines[batchStart...]), wholeLines: true)
        }
    }

    /// The start of a line longer than ``longLineLimit``: it begins a new file if the policy
    /// says so, then goes out as it is.
    private mutating func beginLongLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        if rotates(at: size, adding: bytes.count) { rotate() }
        if timestamps {
            _ = stamp.bytes(at: Platform.wallClockMilliseconds()).withUnsafeBufferPointer {
                put($0, wholeLines: false)
            }
        }
        put(bytes, wholeLines: false)
    }

    /// Ends the long line being written with a line break, and lets the other streams go on.
    private mutating func finishLongLine() {
        guard let holder = longLine else { return }
        _ = [newline].withUnsafeBufferPointer { put($0, wholeLines: false) }
        longLine = nil
        drainOthers(than: holder)
    }

    private mutating func drainOthers(than stream: Int) {
        for other in pending.indices where other != stream && !pending[other].isEmpty { drain(other) }
    }

    // MARK: Rotation

    /// Whether a line of `adding` bytes goes into a new file first, the file holding `total`
    /// bytes by then.
    private func rotates(at total: Int64, adding: Int) -> Bool {
        guard let policy, size >= rotationBlockedBelow else { return false }
        return policy.rotates(size: total, adding: adding)
    }

    /// Whether `count` more bytes fit in the file without any rotation.
    private func fitsWithoutRotation(_ count: Int) -> Bool {
        guard let policy, size >= rotationBlockedBelow else { return true }
        return size + Int64(count) <= policy.maxSize
    }

    /// Renames the files one place on (`PATH` to `PATH.1` ...) and opens a new `PATH`, as the
    /// library opens logs (mode 0640 less the umask; through a symbolic link only where nobody
    /// else could have planted it). When that fails the file is written on, with a note saying
    /// why, and no new attempt is made before it has grown by the maximum again. A file that
    /// turns out to have been cut short from outside is not rotated: its size is taken anew.
    private mutating func rotate() {
        guard let policy else { return }
        // Cut short from outside (`copytruncate`, `truncate -s 0`): no rotation is due yet.
        if let actual = try? Platform.info(ofDescriptor: fd).size, actual < size {
            size = actual
            return
        }
        var failure: String?
        for step in policy.renames(of: path) {
            do {
                try Platform.rename(step.from, to: step.to)
            } catch {
                if error.isNotFound { continue }
                failure = "\(error)"
                break
            }
        }
        if failure == nil {
            do {
                adopt(try LogFile.open(path, append: true, name: "log file").fd)
                return
            } catch {
                failure = error.message
            }
        }
        rotationBlockedBelow = size + policy.maxSize
        note(
            "cannot rotate \(path): \(failure ?? "unknown error"); writing on to the file as it is, and trying again after another \(ByteSize(policy.maxSize).text)"
        )
    }

    /// Writes to `newFD` from now on (closing the old file), and points the keeper's own
    /// standard descriptors for this file at it.
    private mutating func adopt(_ newFD: Int32) {
        for target in standardTargets { try? Platform.duplicate(newFD, onto: target) }
        Platform.close(fd)
        fd = newFD
        size = (try? Platform.info(ofDescriptor: newFD).size) ?? 0
        rotationBlockedBelow = 0
    }

    // MARK: Writing

    /// Writes `bytes`; whether all of them were written. First the notice of lines dropped
    /// before, if any, unless a long line is being written (it waits for that line's end):
    /// while that fails, `bytes` are dropped too. On a failure, with
    /// `wholeLines`, a line the disk took only part of is cut off the file again, so that it
    /// holds whole lines only; the lines not written are counted as dropped.
    @discardableResult
    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>, wholeLines: Bool) -> Bool {
        guard !bytes.isEmpty else { return true }
        if dropped > 0, longLine == nil, !putDropNotice() {
            dropped += max(1, bytes.newlines(from: 0))
            return false
        }
        var offset = 0
        while offset < bytes.count {
            do throws(SystemError) {
                offset += try Platform.writeSome(
                    fd, UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset...])))
            } catch {
                var kept = offset
                if wholeLines, offset > 0 {
                    let whole = bytes.lastNewline(from: 0, before: offset).map { $0 + 1 } ?? 0
                    if whole < offset, cutBack(to: size + Int64(whole), from: size + Int64(offset)) {
                        kept = whole
                    }
                }
                size += Int64(kept)
                dropped += max(1, bytes.newlines(from: kept))
                dropReason = error.reason
                return false
            }
        }
        size += Int64(offset)
        return true
    }

    /// `daemoniker: N lines dropped (REASON)`; whether it was written (else the count stays).
    private mutating func putDropNotice() -> Bool {
        let count = dropped
        dropped = 0
        var line = timestamps ? stamp.bytes(at: Platform.wallClockMilliseconds()) : []
        line += Array(
            "daemoniker: \(count) line\(count == 1 ? "" : "s") dropped (could not write \(path): \(dropReason))\n"
                .utf8)
        if line.withUnsafeBufferPointer({ put($0, wholeLines: true) }) { return true }
        dropped = count
        return false
    }

    /// Cuts the file from `written` bytes back to `size`, unless someone else has written to it
    /// meanwhile (its size is not `written`); whether it did.
    private func cutBack(to size: Int64, from written: Int64) -> Bool {
        guard (try? Platform.info(ofDescriptor: fd))?.size == written else { return false }
        return (try? Platform.truncate(fd, toSize: size)) != nil
    }
}

/// The line break.
private let newline = UInt8(ascii: "\n")

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first line break at or after `start`.
    func firstNewline(from start: Int) -> Int? {
        var index = start
        while index < count {
            if self[index] == newline { return index }
            index += 1
        }
        return nil
    }

    /// The index of the last line break at or after `start` and before `end` (default: the end).
    func lastNewline(from start: Int, before end: Int? = nil) -> Int? {
        var index = (end ?? count) - 1
        while index >= start {
            if self[index] == newline { return index }
            index -= 1
        }
        return nil
    }

    /// How many line breaks there are from `start` on.
    func newlines(from start: Int) -> Int {
        var total = 0
        for index in start..<count where self[index] == newline { total += 1 }
        return total
    }
}
