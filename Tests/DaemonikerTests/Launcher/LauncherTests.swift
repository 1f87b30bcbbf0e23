import DaemonikerTestSupport
import Foundation
import Testing

@testable import Daemoniker

/// The launching process: the readiness channel's frames it reads, how it reports a start that
/// failed (on its stderr, non-zero, leaving no daemon, pid file or state behind), its exit codes.
@Suite struct LauncherTests {
    @Test(arguments: [
        ReadinessFrame.pid(42), .ready(7), .execFailed(2),
        .failure(DaemonikerError(.alreadyRunning, "already running as pid 9\n(with\ta tab)")),
    ])
    func readinessFramesRoundTrip(frame: ReadinessFrame) throws {
        var buffer = frame.encoded + ReadinessFrame.pid(1).encoded
        #expect(try ReadinessFrame.next(from: &buffer) == frame)
        #expect(try ReadinessFrame.next(from: &buffer) == .pid(1))
        #expect(buffer.isEmpty)
    }

    @Test func aPartialFrameWaitsForMoreBytes() throws {
        let whole = ReadinessFrame.ready(12345).encoded
        var buffer = Array(whole.prefix(whole.count - 1))
        #expect(try ReadinessFrame.next(from: &buffer) == nil)
        buffer.append(whole[whole.count - 1])
        #expect(try ReadinessFrame.next(from: &buffer) == .ready(12345))
    }

    @Test func aNonsenseFrameIsAnError() {
        var buffer: [UInt8] = [UInt8(ascii: "Q"), 0, 0, 0, 1, 0]
        #expect(throws: DaemonikerError.self) { try ReadinessFrame.next(from: &buffer) }
        var huge: [UInt8] = [UInt8(ascii: "E"), 0x7f, 0, 0, 0]
        #expect(throws: DaemonikerError.self) { try ReadinessFrame.next(from: &huge) }
    }

    /// Each way a start can fail before ready: in setup, by the daemon's own error, by an exit,
    /// or by never becoming ready.
    @Test(
        arguments: detachingStrategies,
        [
            (["--fail-setup"], Int32(1), "setup failed: the helper's setup was told to fail (--fail-setup)"),
            (
                ["--manual-ready", "--fail-before-ready"], 1,
                "the helper daemon was told to fail before ready (--fail-before-ready)"
            ),
            (["--manual-ready", "--exit-before-ready"], 1, "exited before it reported ready"),
            (
                ["--manual-ready", "--hang", "--timeout-ms", "700"], 4,
                "did not report ready within 0.7 s and was stopped"
            ),
        ])
    func failedStartIsReported(
        strategy: String, failure: (arguments: [String], status: Int32, message: String)
    )
        throws
    {
        let directory = try TestDirectory()
        try expectFailure(
            ["--strategy", strategy, "--pid-file", directory.file("d.pid")] + failure.arguments,
            status: failure.status, message: failure.message, in: directory)
    }

    @Test func launcherExitCodesAreStable() {
        #expect(DaemonikerError(.invalidConfiguration, "").launcherExitCode == 2)
        #expect(DaemonikerError(.pidFileUnusable, "").launcherExitCode == 2)
        #expect(DaemonikerError(.multithreaded, "").launcherExitCode == 2)
        #expect(DaemonikerError(.alreadyRunning, "").launcherExitCode == 3)
        #expect(DaemonikerError(.readinessTimeout, "").launcherExitCode == 4)
        #expect(DaemonikerError(.setupFailed, "").launcherExitCode == 1)
        #expect(DaemonikerError(.stateFileToken, "").launcherExitCode == 1)
    }
}
