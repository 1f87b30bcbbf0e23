// The header line of a report: the machine (`uname -sm`, online cores) and the date (UTC).
#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import DaemonikerPlatform

    /// "# daemoniker-bench relay: Linux x86_64, 2 cores, 2025-11-30 16:20 UTC".
    func reportHeader(_ benchmark: String) -> String {
        "# daemoniker-bench \(benchmark): \(machineName()), \(coreCount()) cores, \(utcDate())"
    }

    /// The system name and machine hardware name, as `uname -sm` prints them. On Linux they come
    /// from `uname(2)`; elsewhere from the platform layer's name and the architecture this build
    /// targets (the platform stage's macOS and FreeBSD stand-ins do not declare `uname`).
    private func machineName() -> String {
        #if os(Linux)
            var names = utsname()
            guard uname(&names) == 0 else { return "Linux (uname failed)" }
            func text<Field>(_ field: Field) -> String {
                withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            }
            return "\(text(names.sysname)) \(text(names.machine))"
        #else
            #if arch(arm64)
                return "\(Platform.name) arm64"
            #else
                return "\(Platform.name) x86_64"
            #endif
        #endif
    }

    /// The number of online processors.
    private func coreCount() -> Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The current date and time in UTC, to the minute.
    private func utcDate() -> String {
        var now = time(nil)
        var parts = tm()
        guard gmtime_r(&now, &parts) != nil else { return "unknown date" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }
#endif
