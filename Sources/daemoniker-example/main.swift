// A small daemon for trying Daemoniker: it writes a line to its log every two seconds until it
// is told to stop. `swift run daemoniker-example` starts it and prints how to stop it.
import Daemoniker

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A per-user directory under the temporary directory for the example's pid file and log.
func exampleDirectory() -> String {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    let path = "\(base)/daemoniker-example-\(getuid())"
    if mkdir(path, 0o700) != 0 && errno != EEXIST {
        print("daemoniker-example: cannot create \(path): \(String(cString: strerror(errno)))")
        exit(1)
    }
    return path
}

let directory = exampleDirectory()
let pidFile = "\(directory)/example.pid"
let log = "\(directory)/example.log"

let daemon = Daemoniker(
    pidFile: pidFile,
    standardOutput: .file(log, append: true),
    standardError: .sameAsOutput
)
.daemonize(whenReady: { launch in
    print("daemoniker-example is running as pid \(launch.pid) (\(launch.strategy))")
    print("  pid file: \(pidFile)")
    print("  log:      \(log)")
    print("stop it with:  kill $(cat \(pidFile))")
})

print("started as pid \(daemon.pid)")
var count = 0
while true {
    count += 1
    print("tick \(count)")
    sleep(2)
}
