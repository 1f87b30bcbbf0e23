/// The `--help` texts, one per subcommand.
enum Usage {
    /// The help for `subcommand` (`daemoniker` for the tool itself).
    static func text(of subcommand: String) -> String {
        switch subcommand {
        case "start", "restart": start(subcommand)
        case "run": run
        case "stop": stop
        case "signal": signal
        case "reload": reload
        case "status": status
        case "wait": wait
        case "generate": generate
        default: tool
        }
    }

    private static let tool = """
        usage: daemoniker SUBCOMMAND [OPTIONS] [-- COMMAND [ARG...]]

        Starts any program as a daemon, returns once it is ready, and stops, signals and
        watches it through its pid file.

          start     start COMMAND detached; exit 0 once it is ready
          stop      stop the program (SIGTERM, then SIGKILL after --timeout)
          restart   stop, then start with start's arguments
          reload    send SIGHUP; with --ready notify, wait until the program is ready again
          signal    send a signal to the program
          status    is it running? (LSB codes: 0 running, 1 dead, 3 not running, 4 unknown)
          wait      wait until the program ends
          run       run COMMAND in the foreground, for a supervisor (or --respawn)
          generate  print a systemd, launchd, OpenRC, rc.d or Windows (WinSW) service definition

        daemoniker SUBCOMMAND --help describes each.

        """

    private static let launchOptions = """
          --pid-file PATH        the pid file: names COMMAND's pid, locked while it runs,
                                 removed when it ends
          --log PATH             COMMAND's standard output (and error), appended to
          --error-log PATH       COMMAND's standard error, appended to
          --chdir DIR            working directory (start: default /; run: unchanged)
          --umask MODE           file mode creation mask, octal (default 022)
          --user U, --group G    run as this user and group (name or id; needs root)
          --env NAME=VALUE       add to COMMAND's environment (repeatable)
          --ready MODE           when COMMAND is ready (default exec):
                                   exec            it was started
                                   notify          it sent READY=1 to $NOTIFY_SOCKET (systemd's protocol)
                                   fd:N            it wrote a line to descriptor N (s6's protocol)
                                   tcp:HOST:PORT   a TCP connection succeeds
                                   unix:PATH       a connection to a Unix stream socket succeeds
                                   http:URL        GET URL answers 2xx or 3xx (plain http only)
                                   file:PATH       PATH exists
                                   log:REGEX       a line of its output matches REGEX (Swift Regex)
                                   delay:SECONDS   it still runs after SECONDS
          --timeout SECONDS      how long to wait for readiness (default 30); then COMMAND is
                                 stopped and the exit status is 4

        """

    private static func start(_ name: String) -> String {
        """
        usage: daemoniker \(name) --pid-file PATH [OPTIONS] -- COMMAND [ARG...]

        \(name == "restart" ? "Stops the program the pid file names (SIGTERM, SIGKILL after --timeout), then starts\nCOMMAND" : "Starts COMMAND") detached and exits once it is ready. Exit status: 0 ready; 1 failed, interrupted
        (Ctrl-C: COMMAND is stopped too) or exited before ready; 2 bad input (also: the --ready
        condition already holds before COMMAND starts); 3 already running; 4 not ready in time
        (COMMAND was stopped).
        On failure nothing is left: no process, no pid file. COMMAND must stay in the foreground
        (the tool's keeper is its parent and takes its exit for the program's end).

        \(launchOptions)  --strategy S           fork, relaunch or automatic (default): how the tool detaches

        """
    }

    private static let run = """
        usage: daemoniker run [OPTIONS] [--respawn [--respawn-limit N]] -- COMMAND [ARG...]

        Runs COMMAND in the foreground, for a supervisor: the pid file names COMMAND, readiness is
        reported as READY=1 to the supervisor's NOTIFY_SOCKET when there is one, signals are
        passed on, and the exit status is COMMAND's (128 + N after signal N).

        \(launchOptions)  --respawn              start COMMAND again when it fails (1 s, 2 s, 4 s ... up to 60 s apart);
                                 not after exit 0 or SIGTERM, SIGINT, SIGQUIT, SIGKILL (what stop sends)
          --respawn-limit N      give up after N failures in a row, each within 10 s of its start (default 5)

        """

    private static let stop = """
        usage: daemoniker stop --pid-file PATH [--signal SIG] [--timeout SECONDS]

        Sends SIG (default TERM) to the program the pid file names and waits until it has ended;
        after --timeout (default 10) kills it with SIGKILL and says so. Exit status 0 once it is
        not running (also when it was not), 1 on failure, 2 bad input or a pid file it cannot use.

        """

    private static let signal = """
        usage: daemoniker signal --pid-file PATH SIG

        Sends SIG (a name such as HUP or SIGUSR1, or a number) to the program the pid file names,
        only if that process holds the pid file open. Exit status 0 sent, 1 failed, 2 bad input or a
        pid file it cannot use, 3 not running.

        """

    private static let reload = """
        usage: daemoniker reload --pid-file PATH [--timeout SECONDS]

        Sends SIGHUP. For a program started with --ready notify, waits until it sends READY=1
        again (after RELOADING=1), up to --timeout (default 30): exit status 4 if it does not.
        Otherwise returns once the signal is sent.

        """

    private static let status = """
        usage: daemoniker status --pid-file PATH [--json]

        Says whether the program runs, its pid and since when. Exit status (LSB): 0 running,
        1 dead but the pid file exists, 3 not running, 4 unknown. --json: the same as a JSON
        object (pidFile, state, code, pid, since, sinceEpochSeconds).

        """

    private static let wait = """
        usage: daemoniker wait --pid-file PATH [--timeout SECONDS]

        Waits until the program the pid file names has ended. Exit status 0 once it is not
        running, 4 if it still runs at --timeout (default: wait forever).

        """

    private static let generate = """
        usage: daemoniker generate MANAGER --name NAME [OPTIONS] -- COMMAND [ARG...]

        Prints a service definition that runs COMMAND under MANAGER:
          systemd          a unit running COMMAND through `daemoniker run`: Type=notify when
                           --ready is not exec (READY=1 once ready), else Type=exec; the pid file
                           in RuntimeDirectory= (/run/NAME/NAME.pid)
          launchd          a property list running it through `daemoniker run`
          openrc, rc.d     scripts whose start, stop and status call daemoniker
          windows-service  a WinSW configuration (Windows services need a wrapper)
        OPTIONS are start's (the pid file defaults to /run/NAME.pid or /var/run/NAME.pid), plus
          --daemoniker PATH      the tool's path in the definition (default: this executable)

        """
}
