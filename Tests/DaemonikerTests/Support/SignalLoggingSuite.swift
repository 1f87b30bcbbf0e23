import DaemonikerTestSupport

@testable import Daemoniker

/// A suite whose daemons log each signal they handle to `signals.log` in their directory and,
/// with the relay on, keep a sentinel record beside the pid file `d.pid`.
protocol SignalLoggingSuite {}

extension SignalLoggingSuite {
    /// The signals ``start(_:relay:extra:in:)`` has the daemon handle.
    static var sent: [Signal] { [.terminate, .interrupt, .hangup, .user1, .user2] }

    /// Starts a daemon that logs each of ``sent`` from a handler and from an async stream.
    func start(_ strategy: String, relay: Bool, extra: [String] = [], in directory: TestDirectory) throws
        -> StartedDaemon
    {
        let names = Self.sent.map(\.name).joined(separator: ",")
        return try startDaemon(
            [
                "--strategy", strategy, "--pid-file", directory.file("d.pid"), "--handle", names, "--stream",
                names,
            ]
                + (relay ? ["--relay"] : []) + extra, in: directory)
    }

    /// The lines of the daemon's signal log.
    func lines(_ directory: TestDirectory) -> [String] {
        (directory.read("signals.log") ?? "").split(separator: "\n").map(String.init)
    }

    /// The sentinel record beside the pid file, if there is one.
    func record(_ directory: TestDirectory) -> SentinelRecord? {
        SentinelRecord(parsing: directory.read("d.pid.sentinel") ?? "")
    }
}
