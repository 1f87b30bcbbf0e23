// The `daemoniker` command-line tool: starts, stops and watches any program (see README.md,
// "Command-line tool"). Each subcommand lives in its own file; `Tool` dispatches.
Tool.main(Array(CommandLine.arguments.dropFirst()))
