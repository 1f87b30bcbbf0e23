import DaemonikerPlatform

/// When a process started, in seconds since 1970: `/proc/PID/stat`'s start time and
/// `/proc/stat`'s boot time on Linux; `kinfo_proc` from `sysctl` on macOS and FreeBSD; not known
/// on Windows yet (nil).
enum ProcessStartTime {
    /// The start time of `pid`, or nil when the OS does not say.
    static func seconds(of pid: Int32) -> Int64? {
        #if os(Linux)
            guard let stat = read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
                return nil
            }
            // Fields after the command's closing parenthesis start at field 3 (state); the
            // start time is field 22.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 19, let ticks = Int64(fields[19]) else { return nil }
            guard let system = read("/proc/stat"),
                let line = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
                let boot = Int64(line.dropFirst(6).trimmingPrefix(" "))
            else { return nil }
            let perSecond = Int64(sysconf(Int32(_SC_CLK_TCK)))
            guard perSecond > 0 else { return nil }
            return boot + ticks / perSecond
        #elseif os(macOS) || os(FreeBSD)
            var info = kinfo_proc()
            var size = MemoryLayout<kinfo_proc>.size
            var name: [Int32] = [CTL_KERN, KERN_PROC, KERN_PROC_PID, pid]
            guard sysctl(&name, 4, &info, &size, nil, 0) == 0, size > 0 else { return nil }
            #if os(macOS)
                return Int64(info.kp_proc.p_un.__p_starttime.tv_sec)  // p_starttime is a macro for this
            #else
                return Int64(info.ki_start.tv_sec)
            #endif
        #else
            return nil
        #endif
    }

    #if os(Linux)
        private static func read(_ path: String) -> String? {
            guard let fd = try? Platform.open(path, .readOnly, permissions: 0) else { return nil }
            defer { Platform.close(fd) }
            guard let bytes = try? Platform.readAll(fd) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    #endif
}
