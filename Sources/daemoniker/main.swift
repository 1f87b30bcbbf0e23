// The `daemoniker` command-line tool: starts, stops and watches any program (README.md,
// "Command-line tool"). The tool itself is the DaemonikerTool library, unit-tested on its own.
import DaemonikerTool

Tool.main(Array(CommandLine.arguments.dropFirst()))
