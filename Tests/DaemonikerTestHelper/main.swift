// The behaviour tests' helper executable: `harness` starts a command under a subreaper and
// records every process that ends; `daemon` daemonizes with Daemoniker and reports on itself;
// `listen` receives sockets passed by socket activation and serves on them.
#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "harness": runHarness(Array(arguments.dropFirst()))
case "daemon": runDaemon(Array(arguments.dropFirst()))
case "listen": runListen(Array(arguments.dropFirst()))
default:
    writeError("usage: DaemonikerTestHelper harness|daemon|listen ...\n")
    exit(64)
}

/// Writes `text` to standard error.
func writeError(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
