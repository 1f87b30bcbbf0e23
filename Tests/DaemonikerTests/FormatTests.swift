import Testing

@testable import Daemoniker

/// The platform-neutral formats: what crosses between the launcher, the daemon and the senders.
@Suite struct FormatTests {
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

    @Test func relaunchSwitchRoundTrips() throws {
        let token = String(repeating: "0a", count: 16)
        for handle: Int64 in [0, 7, 0x7fff_fffc] {
            let value = RelaunchSwitch(token: token, readinessHandle: 5, lockHandle: nil, stateHandle: handle)
            #expect(try RelaunchSwitch(parsing: value.encoded) == value)
            let locked = RelaunchSwitch(token: token, readinessHandle: 9, lockHandle: 4, stateHandle: handle)
            #expect(try RelaunchSwitch(parsing: locked.encoded) == locked)
        }
    }

    @Test(arguments: [
        ("2;token=abc;ready=5;lock=-;state=6", DaemonikerError.Code.stateFileMalformed),
        ("2;token=\(String(repeating: "a", count: 32));ready=five;lock=-;state=6", .stateFileMalformed),
        ("2;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=", .stateFileMalformed),
        // A path, as version 1 carried, is not a descriptor.
        ("2;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=/x", .stateFileMalformed),
        ("2;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=-3", .stateFileMalformed),
        ("2;ready=5", .stateFileMalformed),
        ("1;token=\(String(repeating: "a", count: 32));ready=5;lock=-;state=/x", .stateFileVersion),
    ])
    func malformedSwitchesAreRefused(value: String, code: DaemonikerError.Code) {
        do {
            _ = try RelaunchSwitch(parsing: value)
            Issue.record("accepted \(value)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func stateFileFormatChecksVersionAndToken() throws {
        let state = Array("{\"a\":\"ü\"}\n".utf8)
        let bytes = StateFileFormat.encode(token: "t1", state: state)
        #expect(try StateFileFormat.decode(bytes, token: "t1", source: "s") == state)
        #expect(
            throws: DaemonikerError(
                .stateFileToken,
                "state file (s) carries another launch's token; refusing it (it was replaced or tampered with)"
            )
        ) {
            try StateFileFormat.decode(bytes, token: "t2", source: "s")
        }
        let other = Array("daemoniker-state 2\ntoken t1\n{}".utf8)
        do {
            _ = try StateFileFormat.decode(other, token: "t1", source: "s")
            Issue.record("accepted another version")
        } catch {
            #expect(error.code == .stateFileVersion)
        }
        for garbage in ["", "no newline", "something else\ntoken t1\n", "daemoniker-state 1\nno token"] {
            do {
                _ = try StateFileFormat.decode(Array(garbage.utf8), token: "t1", source: "s")
                Issue.record("accepted \(garbage.debugDescription)")
            } catch {
                #expect(error.code == .stateFileMalformed)
            }
        }
    }

    @Test func sentinelRecordsParseStrictly() {
        #expect(
            SentinelRecord(parsing: "123 456 77\n")
                == SentinelRecord(pid: 123, token: 456, daemon: 77, answersInPlace: false))
        #expect(
            SentinelRecord(parsing: "123 456 77 queued\n")
                == SentinelRecord(pid: 123, token: 456, daemon: 77, answersInPlace: true))
        for answersInPlace in [false, true] {
            let record = SentinelRecord(
                pid: 9, token: 2_147_483_647, daemon: 8, answersInPlace: answersInPlace)
            #expect(SentinelRecord(parsing: record.encoded) == record)
        }
        for bad in ["", "123", "123 456", "x 1 2", "0 5 6", "-3 5 6", "1 2 0", "1 2 3 4", "1 2 3 queued 5"] {
            #expect(SentinelRecord(parsing: bad) == nil, "accepted \(bad.debugDescription)")
        }
    }

    @Test func pidFileContentsParseStrictly() {
        #expect(PIDFile.parse(Array("4242\n".utf8)) == 4242)
        #expect(PIDFile.parse(Array("4242".utf8)) == 4242)
        for bad in ["", "\n", "abc\n", "0\n", "-1\n", "12 34\n"] {
            #expect(PIDFile.parse(Array(bad.utf8)) == nil, "accepted \(bad.debugDescription)")
        }
    }

    @Test func signalsHaveNamesAndNumbers() {
        #expect(Signal.terminate.rawValue == 15)
        #expect(Signal.terminate.name == "SIGTERM")
        #expect(Signal(name: "hup") == .hangup)
        #expect(Signal(name: "SIGUSR1") == .user1)
        #expect(Signal(name: "10") == Signal(rawValue: 10))
        #expect(Signal(name: "NOPE") == nil)
        #expect(Signal(rawValue: 40).name == "signal 40")
        #expect(!Signal.kill.isCatchable && !Signal.stop.isCatchable && Signal.user2.isCatchable)
        #expect(Set(Signal.all).count == Signal.all.count)
        #expect(Signal.all.contains(.windowChanged))
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
