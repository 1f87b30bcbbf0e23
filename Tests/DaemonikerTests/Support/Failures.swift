import DaemonikerTestSupport
import Foundation
import Testing

/// Starts the helper expecting its launcher to fail; returns the exit status and stderr.
func failedStart(_ arguments: [String], harness: [String] = [], in directory: TestDirectory)
    throws -> (Int32, String)
{
    let run = try HelperRun(arguments, in: directory, harnessOptions: harness)
    defer { run.finish() }
    return (try run.launcherExit(), run.launcherError)
}

/// Runs the helper, expects the launcher to fail with `status` and `message`, and checks
/// that nothing was left behind: no pid file, no relaunch state directory.
func expectFailure(
    _ arguments: [String], status expected: Int32, message: String, in directory: TestDirectory? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let directory = try directory ?? TestDirectory()
    let (status, error) = try failedStart(arguments, in: directory)
    #expect(status == expected, "stderr: \(error)", sourceLocation: sourceLocation)
    #expect(error.contains(message), "stderr: \(error)", sourceLocation: sourceLocation)
    #expect(error.hasPrefix("daemoniker: "), sourceLocation: sourceLocation)
    #expect(!directory.exists("d.pid"), "a pid file was left behind", sourceLocation: sourceLocation)
    #expect(
        !directory.exists("daemoniker-\(getuid())"), "a relaunch state directory was made",
        sourceLocation: sourceLocation)
}
