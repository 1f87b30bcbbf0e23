// What every OS's layer does the same way, written once on top of the contract's own members.

extension Platform {
    /// Reads until end of file, in chunks of at most 64 KiB.
    package static func readAll(_ fd: Int32) throws(SystemError) -> [UInt8] {
        var result: [UInt8] = []
        while true {
            let chunk = try read(fd, upTo: 65536)
            if chunk.isEmpty { return result }
            result += chunk
        }
    }
}

extension Platform {
    /// Whether `pid` runs: it exists (a process this user may not signal counts) and has not
    /// ended, which a zombie not yet reaped has.
    package static func processIsAlive(_ pid: Int32) -> Bool {
        !processHasEnded(pid) && processExists(pid)
    }
}

extension Platform {
    /// ``spawnChild(path:arguments:environment:moves:pidVariable:)`` without a pid variable.
    package static func spawnChild(
        path: String, arguments: [String], environment: [String], moves: [(from: Int32, to: Int32)]
    ) throws(SystemError) -> Int32 {
        try spawnChild(
            path: path, arguments: arguments, environment: environment, moves: moves, pidVariable: nil)
    }
}
