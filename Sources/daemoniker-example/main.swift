// A small daemon for trying Daemoniker: it writes a line to its log every two seconds until it
// is told to stop. `swift run daemoniker-example` starts it; `swift run daemoniker-example stop`
// stops it.
import Daemoniker

let directory = exampleDirectory()
let pidFile = "\(directory)/example.pid"
let log = "\(directory)/example.log"

// `daemoniker-example stop` stops the running example, the same way on every OS.
if CommandLine.arguments.dropFirst().first == "stop" {
    do {
        let ending = try PIDFile(pidFile).stop()
        print("daemoniker-example stopped (\(ending))")
        quit(0)
    } catch {
        print("daemoniker-example: \(error)")
        quit(1)
    }
}

let daemon = Daemoniker(
    pidFile: pidFile,
    standardOutput: .file(log, append: true),
    standardError: .sameAsOutput
)
.daemonize(whenReady: { launch in
    print("daemoniker-example is running as pid \(launch.pid) (\(launch.strategy))")
    print("  pid file: \(pidFile)")
    print("  log:      \(log)")
    print("stop it with:  \(CommandLine.arguments[0]) stop")
})

print("started as pid \(daemon.pid)")
var count = 0
while true {
    count += 1
    print("tick \(count)")
    pause(seconds: 2)
}
