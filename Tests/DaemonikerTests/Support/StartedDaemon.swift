import DaemonikerTestSupport
import Foundation
import Testing

/// A daemon started by the helper and known to be ready.
struct StartedDaemon {
    let run: HelperRun
    let report: Report
    var pid: Int32 { report.pid }
}

/// Starts the helper daemon with `arguments` and waits until its launcher succeeded.
func startDaemon(
    _ arguments: [String], in directory: TestDirectory? = nil, environment: [String: String?] = [:]
) throws -> StartedDaemon {
    let run = try HelperRun(arguments, in: directory, environment: environment)
    let status = try run.launcherExit()
    guard status == 0 else {
        run.finish()
        throw LaunchFailed(status: status, standardError: run.launcherError)
    }
    return StartedDaemon(run: run, report: try run.report())
}

/// The launcher failed where the test needed it to succeed.
struct LaunchFailed: Error, CustomStringConvertible {
    var status: Int32
    var standardError: String
    var description: String { "launcher exited \(status): \(standardError)" }
}
