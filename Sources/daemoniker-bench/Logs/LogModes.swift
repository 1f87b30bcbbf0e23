// The hidden modes the logs benchmark starts this executable in: the program that writes the
// lines, and the `daemoniker` tool itself (its library, so that `swift run -c release
// daemoniker-bench` builds it in release too and no second executable has to be found).
#if !os(Windows)
    import DaemonikerTool

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The hidden first arguments of the logs benchmark.
    enum LogModes {
        /// `log-writer COUNT`: writes COUNT numbered lines to standard output, then exits 0.
        static let writer = "log-writer"
        /// `tool ARG...`: runs the `daemoniker` tool with ARG....
        static let tool = "tool"

        /// The text after each line's number: `0000042 a short log line`.
        static let lineTail = Array(" a short log line\n".utf8)
        /// How many digits a line's number has.
        static let digits = 7
        /// The length of a line, its line break included.
        static var lineLength: Int { digits + lineTail.count }
    }

    /// Runs the hidden mode `arguments` name; returns only when they name none of the logs
    /// benchmark's.
    func runLogsHiddenMode(_ arguments: [String]) {
        switch arguments.first {
        case LogModes.writer:
            guard arguments.count == 2, let count = Int(arguments[1]), count >= 0 else {
                writeStandardError("daemoniker-bench: log-writer COUNT\n")
                exit(2)
            }
            writeLines(count)
        case LogModes.tool:
            Tool.main(Array(arguments.dropFirst()))
        default:
            return
        }
    }

    /// Writes `count` lines, `0000000 a short log line` up, as fast as it can: built in a
    /// 64 KiB buffer (the number counted up in place, as digits) and written a buffer at a time.
    private func writeLines(_ count: Int) -> Never {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(65536 + LogModes.lineLength)
        var number = [UInt8](repeating: UInt8(ascii: "0"), count: LogModes.digits)
        for _ in 0..<count {
            buffer += number
            buffer += LogModes.lineTail
            if buffer.count >= 65536 {
                guard writeAll(1, buffer) else { exit(1) }
                buffer.removeAll(keepingCapacity: true)
            }
            var index = number.count - 1
            while index >= 0 {
                if number[index] == UInt8(ascii: "9") {
                    number[index] = UInt8(ascii: "0")
                    index -= 1
                } else {
                    number[index] += 1
                    break
                }
            }
        }
        guard writeAll(1, buffer) else { exit(1) }
        exit(0)
    }
#endif
