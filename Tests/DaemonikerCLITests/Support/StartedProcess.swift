import Foundation

/// A process a test started in the background, its output going to files.
struct StartedProcess {
    /// The process.
    let process: Process
    let outPath: String
    let errPath: String

    /// Its standard output so far.
    func output() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    /// Its standard error so far.
    func error() -> String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
}
