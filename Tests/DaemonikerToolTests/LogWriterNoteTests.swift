import Foundation
import Testing

@testable import DaemonikerTool

#if canImport(Glibc)
    import Glibc
#endif

/// A keeper's note or a reopen while an over-long line is being written: the line is ended
/// first, so that every file holds whole lines only.
@Suite struct LogWriterNoteTests {
    private func writer(_ directory: String) throws -> LogWriter {
        let path = directory + "/d.log"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        try #require(fd >= 0)
        return LogWriter(
            path: path, fd: fd, streams: 2, policy: RotationPolicy(maxSize: 1 << 30, keep: 3),
            timestamps: false,
            standardTargets: [])
    }

    private func directory() throws -> String {
        let path = NSTemporaryDirectory() + "dk-logwriter-note-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    private func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>"
    }

    /// Half the limit and one more: two of them make a line past it.
    private let piece = [UInt8](repeating: UInt8(ascii: "y"), count: LogWriter.longLineLimit / 2 + 1)

    @Test func aNoteEndsTheLongLineFirstAndIsALineOfItsOwn() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir)
        log.take(piece, from: 0)
        log.take(piece, from: 0)
        log.take(Array("other\n".utf8), from: 1)
        log.note("a note")
        log.take(Array("yy end\n".utf8), from: 0)
        let long = String(repeating: "y", count: piece.count * 2)
        #expect(read(dir + "/d.log") == long + "\nother\ndaemoniker: a note\nyy end\n")
        Glibc.close(log.fd)
    }

    @Test func aReopenEndsTheLongLineInTheOldFile() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir)
        log.take(piece, from: 0)
        log.take(piece, from: 0)
        #expect(rename(dir + "/d.log", dir + "/d.log.old") == 0)  // as logrotate does
        #expect(log.reopen() == nil)
        log.take(Array("yy end\n".utf8), from: 0)
        #expect(read(dir + "/d.log.old") == String(repeating: "y", count: piece.count * 2) + "\n")
        #expect(read(dir + "/d.log") == "yy end\n")
        Glibc.close(log.fd)
    }
}
