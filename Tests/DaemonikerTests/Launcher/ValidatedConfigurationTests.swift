import DaemonikerTestSupport
import Testing

/// The configuration is checked before anything detaches: bad input is refused with its own
/// message.
@Suite struct ValidatedConfigurationTests {
    /// Bad input, each with its own message, found before anything detaches.
    @Test(arguments: [
        (["--pid-file", "/nonexistent-dir/d.pid"], "pid file directory /nonexistent-dir does not exist"),
        (["--pid-file", "DIR/"], "is a directory"),
        (["--cwd", "/nonexistent-dir"], "working directory /nonexistent-dir does not exist"),
        (["--user", "no-such-user-dk"], "user no-such-user-dk does not exist"),
        (["--group", "no-such-group-dk"], "group no-such-group-dk does not exist"),
        (
            ["--stdout", "append:/nonexistent-dir/x.log"],
            "standard output file /nonexistent-dir/x.log cannot be opened"
        ),
        (["--preserve", "4077"], "preserved descriptor 4077 is not open"),
        (["--timeout-ms", "0"], "readiness timeout 0.0 seconds is not positive"),
        (["--root", "/nonexistent-dir"], "root directory /nonexistent-dir does not exist"),
    ])
    func badInputIsRefusedBeforeDetaching(arguments: [String], message: String) throws {
        for strategy in detachingStrategies {
            let directory = try TestDirectory()
            let resolved = arguments.map { $0 == "DIR/" ? directory.path + "/" : $0 }
            let pid = resolved.contains("--pid-file") ? [] : ["--pid-file", directory.file("d.pid")]
            try expectFailure(
                ["--strategy", strategy] + pid + resolved, status: 2, message: message, in: directory)
        }
    }
}
