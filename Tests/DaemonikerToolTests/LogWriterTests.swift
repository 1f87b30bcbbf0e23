import Foundation
import Testing

@testable import DaemonikerTool

#if canImport(Glibc)
    import Glibc
#endif

/// The keeper's log writer on real files, without a process: whole lines from two streams that
/// share a file, rotation between lines, long lines, what is left at the end.
@Suite struct LogWriterTests {
    /// A writer on `name` in a new directory, as the keeper makes one.
    private func writer(
        _ directory: String, maxSize: Int64? = nil, keep: Int = 3, streams: Int = 2, timestamps: Bool = false
    ) throws -> LogWriter {
        let path = directory + "/d.log"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        try #require(fd >= 0)
        return LogWriter(
            path: path, fd: fd, streams: streams,
            policy: maxSize.map { RotationPolicy(maxSize: $0, keep: keep) },
            timestamps: timestamps, standardTargets: [])
    }

    private func directory() throws -> String {
        let path = NSTemporaryDirectory() + "dk-logwriter-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    private func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>"
    }

    @Test func twoStreamsSharingAFileNeverSplitEachOthersLines() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir)
        log.take(Array("out one\nout t".utf8), from: 0)
        log.take(Array("err o".utf8), from: 1)
        log.take(Array("wo\nout three\n".utf8), from: 0)
        log.take(Array("ne\nerr two\n".utf8), from: 1)
        log.take(Array("out four, never ended".utf8), from: 0)
        log.note("a note of the keeper")
        log.endOfStream(0)
        #expect(
            read(dir + "/d.log")
                == "out one\nout two\nout three\nerr one\nerr two\ndaemoniker: a note of the keeper\nout four, never ended\n"
        )
        Glibc.close(log.fd)
    }

    @Test func rotationHappensBetweenLinesAndKeepsN() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir, maxSize: 20, keep: 2, streams: 1)
        // Ten lines of 10 bytes: two per file; the first three files rotate away past PATH.2.
        var all = ""
        for index in 0..<10 { all += "line \(index)...\n" }
        // Fed in pieces that cut lines in two.
        let bytes = Array(all.utf8)
        for start in stride(from: 0, to: bytes.count, by: 7) {
            log.take(Array(bytes[start..<min(start + 7, bytes.count)]), from: 0)
        }
        #expect(read(dir + "/d.log") == "line 8...\nline 9...\n")
        #expect(read(dir + "/d.log.1") == "line 6...\nline 7...\n")
        #expect(read(dir + "/d.log.2") == "line 4...\nline 5...\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/d.log.3"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/d.log")[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o077 == 0o040 || $0 & 0o077 == 0o000 } == true, "0640 less the umask")
        Glibc.close(log.fd)
    }

    @Test func aFileCutShortFromOutsideIsNotRotatedBeforeItIsFullAgain() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir, maxSize: 20, keep: 2, streams: 1)
        log.take(Array("line 0...\nline 1...\n".utf8), from: 0)
        try #require(truncate(dir + "/d.log", 0) == 0)  // logrotate's copytruncate
        log.take(Array("line 2...\nline 3...\n".utf8), from: 0)
        #expect(read(dir + "/d.log") == "line 2...\nline 3...\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/d.log.1"))
        Glibc.close(log.fd)
    }

    @Test func aLineLongerThanTheMaximumGetsAFileOfItsOwn() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir, maxSize: 16, keep: 5, streams: 1)
        let long = String(repeating: "x", count: 50)
        log.take(Array("short\n\(long)\nafter\n".utf8), from: 0)
        #expect(read(dir + "/d.log.2") == "short\n")
        #expect(read(dir + "/d.log.1") == long + "\n")
        #expect(read(dir + "/d.log") == "after\n")
        Glibc.close(log.fd)
    }

    @Test func aLineLongerThanTheBufferLimitIsWrittenAsItComesAndHoldsTheFile() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir, maxSize: 1 << 30, streams: 2)
        let piece = [UInt8](repeating: UInt8(ascii: "y"), count: LogWriter.longLineLimit / 2 + 1)
        log.take(piece, from: 0)
        log.take(piece, from: 0)
        // Past the limit: on disk already, and the other stream's lines wait for its end.
        log.take(Array("other\n".utf8), from: 1)
        let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/d.log")[.size] as? Int) ?? 0
        #expect(size == piece.count * 2)
        log.take(Array("end\n".utf8), from: 0)
        let text = read(dir + "/d.log")
        #expect(text.hasSuffix("yyend\nother\n"))
        #expect(text.count == piece.count * 2 + "end\nother\n".count)
        Glibc.close(log.fd)
    }

    @Test func timestampsBeginEveryLineAndTheKeepersNotes() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var log = try writer(dir, streams: 1, timestamps: true)
        log.take(Array("one\ntwo\n".utf8), from: 0)
        log.note("done")
        let lines = read(dir + "/d.log").split(separator: "\n")
        #expect(lines.count == 3)
        let pattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (one|two|daemoniker: done)$/
        for line in lines { #expect(line.wholeMatch(of: pattern) != nil, "\(line)") }
        Glibc.close(log.fd)
    }
}
