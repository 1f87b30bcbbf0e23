extension ServiceDefinition {
    /// A launchd property list (`/Library/LaunchDaemons/NAME.plist`). launchd has no readiness
    /// protocol; the program runs through `daemoniker run`, which keeps the pid file in
    /// `/var/run` so that the tool's `status`, `signal` and `reload` work.
    var launchdPlist: String {
        let run =
            [tool] + control(RunCommand.spec, pidFile: pidFile(in: "/var/run"))
            + options.listen.flatMap { [LaunchOptions.listen.flag, $0.description] }
            + [LaunchOptions.ready.flag, options.ready.text, "--"] + command
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">",
            "<plist version=\"1.0\">",
            "<dict>",
            "    <key>Label</key>",
            "    <string>\(Quoting.xml(name))</string>",
            "    <key>ProgramArguments</key>",
            "    <array>",
        ]
        lines += run.map { "        <string>\(Quoting.xml($0))</string>" }
        lines += [
            "    </array>",
            "    <key>RunAtLoad</key>",
            "    <true/>",
            "    <key>KeepAlive</key>",
            "    <dict>",
            "        <key>SuccessfulExit</key>",
            "        <false/>",
            "    </dict>",
        ]
        func entry(_ key: String, _ value: String?) {
            guard let value else { return }
            lines += ["    <key>\(key)</key>", "    <string>\(Quoting.xml(value))</string>"]
        }
        entry("UserName", options.user)
        entry("GroupName", options.group)
        entry("WorkingDirectory", options.workingDirectory)
        entry("StandardOutPath", options.log)
        entry("StandardErrorPath", options.errorLog ?? options.log)
        if let umask = options.umask {
            lines += ["    <key>Umask</key>", "    <integer>\(umask.bits)</integer>"]
        }
        if !options.environment.isEmpty {
            lines += ["    <key>EnvironmentVariables</key>", "    <dict>"]
            for pair in options.environment {
                lines += [
                    "        <key>\(Quoting.xml(pair.name))</key>",
                    "        <string>\(Quoting.xml(pair.value))</string>",
                ]
            }
            lines.append("    </dict>")
        }
        lines += ["</dict>", "</plist>", ""]
        return lines.joined(separator: "\n")
    }
}
