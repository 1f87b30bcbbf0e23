import DaemonikerTestSupport
import Foundation
import Synchronization
import Testing

@testable import Daemoniker

/// A pid file rewritten in place while it is read: a reader never finds it empty or missing.
/// (A read that runs during the one write may see part of each pid, which is why the keeper's
/// `upgrade` renames a new file over the pid file instead; its tests check that.)
@Suite struct PIDFileRewriteTests {
    /// What the reading thread and the test share.
    private final class Reads: Sendable {
        let done = Atomic(false)
        let count = Atomic(0)
        let strange = Mutex<[String]>([])
    }

    @Test func aReaderNeverFindsItEmptyWhileItIsRewritten() throws {
        let directory = try TestDirectory()
        let path = directory.file("d.pid")
        let lock = try PIDFile(path).lock()
        defer { lock.release() }
        // Lengths 1, 7, 3 and 5 digits: each rewrite grows or shrinks the file.
        let pids: [Int32] = [7, 1_234_567, 999, 12_345]
        let reads = Reads()
        let reader = Thread {
            while !reads.done.load(ordering: .acquiring) {
                let text = Proc.read(path) ?? "<missing>"
                reads.count.add(1, ordering: .relaxed)
                if text == "<missing>" || text.allSatisfy({ $0 == "\n" }) {
                    reads.strange.withLock { $0.append(text) }
                }
            }
        }
        reader.start()
        try waitFor("the reader to have read") { reads.count.load(ordering: .relaxed) > 0 ? true : nil }
        for round in 0..<20_000 {
            try lock.write(pid: pids[round % pids.count])
        }
        reads.done.store(true, ordering: .releasing)
        try waitFor("the reader to stop") { reader.isFinished ? true : nil }
        #expect(reads.strange.withLock { $0 } == [], "no read found the file empty or missing")
        #expect(reads.count.load(ordering: .relaxed) > 1000)
        #expect(Proc.read(path) == "12345\n", "the last pid, and nothing after it")
    }
}
