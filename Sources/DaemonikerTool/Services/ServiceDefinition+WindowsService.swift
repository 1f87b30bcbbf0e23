import DaemonikerPlatform

extension ServiceDefinition {
    /// The command line the Windows service control manager runs for `install --manager
    /// windows`: this tool's `run` with start's options and the command, which answers the
    /// service control manager itself; the pid file defaults to `DIRECTORY\NAME.pid`.
    func windowsServiceCommandLine(pidDirectory: String) -> String {
        let pidFile = options.pidFile ?? "\(pidDirectory)\\\(name).pid"
        return WindowsCommandLine.quoteArguments([tool] + launchArguments(RunCommand.spec, pidFile: pidFile))
    }
}
