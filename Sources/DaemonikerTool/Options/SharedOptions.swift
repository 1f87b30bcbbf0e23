/// The options more than one subcommand takes, each declared once.
enum SharedOptions {
    /// `--pid-file PATH`: how every subcommand finds the program.
    static let pidFile = Option<String>(
        "pid-file", "PATH",
        help: "the pid file: names the program's pid, locked while it runs,\nremoved when it ends")

    /// `--pid-file PATH`, for the subcommands that act on a running program.
    static let requiredPIDFile = pidFile.required("finds the program by its pid file").declaration

    /// `--timeout SECONDS`, with what it means for one subcommand.
    static func timeout(_ help: String) -> Option<Seconds> {
        Option("timeout", "SECONDS", help: help)
    }

    /// `--pid-file`, as service definitions write it.
    static var pidFileFlag: String { pidFile.flag }
}
