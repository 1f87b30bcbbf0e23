import Daemoniker

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `upgrade` and `stop` through the pid file, from any process: what an operator or a deploy
/// script runs. Prints the outcome; exits 0, or 1 with the library's message.
func control(_ command: String, _ arguments: [String]) -> Never {
    var pidFile: String?
    var timeout = 30.0
    var drain = 30.0
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
        switch argument {
        case "--pid-file": pidFile = iterator.next()
        case "--timeout": timeout = Double(iterator.next() ?? "") ?? timeout
        case "--drain": drain = Double(iterator.next() ?? "") ?? drain
        default: break
        }
    }
    guard let pidFile else {
        print("usage: NIOServer \(command) --pid-file PATH [--timeout SECONDS] [--drain SECONDS]")
        exit(2)
    }
    do {
        if command == "upgrade" {
            let pid = try PIDFile(pidFile).upgrade(
                timeout: .milliseconds(Int(timeout * 1000)), drain: .milliseconds(Int(drain * 1000)))
            print("upgraded: pid \(pid)")
        } else {
            print("stopped: \(try PIDFile(pidFile).stop(timeout: .milliseconds(Int(timeout * 1000))))")
        }
        exit(0)
    } catch {
        print("NIOServer \(command): \(error.message)")
        exit(1)
    }
}
