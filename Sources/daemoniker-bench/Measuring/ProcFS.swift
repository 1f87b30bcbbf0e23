// What Linux's /proc says about a process: memory (smaps_rollup, status), threads, open
// descriptors, CPU time, parent and environment. Every reading is nil (or empty) on other
// systems and for a process that cannot be read, so the report says "unavailable" rather than
// inventing a figure.
#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// Readings from /proc/<pid>/... (Linux only).
    enum ProcFS {
        /// Whether this system has a Linux /proc.
        static var isAvailable: Bool {
            #if os(Linux)
                return true
            #else
                return false
            #endif
        }

        /// Resident and proportional set size in KiB, from /proc/<pid>/smaps_rollup.
        static func memory(of pid: pid_t) -> (rss: Int, pss: Int)? {
            guard let fields = keyedKilobytes("/proc/\(pid)/smaps_rollup"),
                let rss = fields["Rss"], let pss = fields["Pss"]
            else { return nil }
            return (rss, pss)
        }

        /// `VmRSS` in kB, from /proc/<pid>/status.
        static func residentKilobytes(of pid: pid_t) -> Int? {
            keyedKilobytes("/proc/\(pid)/status")?["VmRSS"]
        }

        /// `Threads`, from /proc/<pid>/status.
        static func threads(of pid: pid_t) -> Int? {
            keyedKilobytes("/proc/\(pid)/status")?["Threads"]
        }

        /// The number of entries in /proc/<pid>/fd.
        static func openDescriptors(of pid: pid_t) -> Int? {
            guard isAvailable, let directory = opendir("/proc/\(pid)/fd") else { return nil }
            defer { closedir(directory) }
            var count = 0
            while let entry = readdir(directory) {
                let name = directoryEntryName(entry)
                if name != ".", name != ".." { count += 1 }
            }
            return count
        }

        /// The fields of /proc/<pid>/stat after the command name: index 0 is field 3 (state),
        /// index 1 field 4 (parent pid), index 11 field 14 (utime), index 12 field 15 (stime).
        private static func statFields(of pid: pid_t) -> [Substring]? {
            guard isAvailable, let text = readText("/proc/\(pid)/stat"),
                let close = text.lastIndex(of: ")")
            else { return nil }
            return text[text.index(after: close)...].split(separator: " ")
        }

        /// The one-letter state (`R`, `S`, `Z`...), field 3 of /proc/<pid>/stat.
        static func state(of pid: pid_t) -> Character? {
            statFields(of: pid)?.first?.first
        }

        /// The parent pid, field 4 of /proc/<pid>/stat.
        static func parent(of pid: pid_t) -> pid_t? {
            guard let fields = statFields(of: pid), fields.count > 1 else { return nil }
            return pid_t(fields[1])
        }

        /// User plus system CPU time in clock ticks, fields 14 and 15 of /proc/<pid>/stat.
        static func cpuTicks(of pid: pid_t) -> Int? {
            guard let fields = statFields(of: pid), fields.count > 12,
                let user = Int(fields[11]), let system = Int(fields[12])
            else { return nil }
            return user + system
        }

        /// The live (not zombie) processes whose parent is `pid`.
        static func children(of pid: pid_t) -> [pid_t] {
            guard isAvailable, let directory = opendir("/proc") else { return [] }
            defer { closedir(directory) }
            var found: [pid_t] = []
            while let entry = readdir(directory) {
                guard let candidate = pid_t(directoryEntryName(entry)),
                    let fields = statFields(of: candidate), fields.count > 1,
                    pid_t(fields[1]) == pid, fields[0] != "Z"
                else { continue }
                found.append(candidate)
            }
            return found.sorted()
        }

        /// Whether /proc/<pid>/environ has a variable starting with `prefix` (`NAME=`); nil when
        /// it cannot be read.
        static func environment(of pid: pid_t, contains prefix: String) -> Bool? {
            guard isAvailable, let bytes = readFile("/proc/\(pid)/environ") else { return nil }
            let wanted = Array(prefix.utf8)
            return bytes.split(separator: 0).contains { $0.starts(with: wanted) }
        }

        /// `Key: <number> [kB]` lines of a /proc file, as numbers by key.
        private static func keyedKilobytes(_ path: String) -> [String: Int]? {
            guard isAvailable, let text = readText(path) else { return nil }
            var fields: [String: Int] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...].split(whereSeparator: {
                    $0 == " " || $0 == "\t"
                }).first
                if let value, let number = Int(value) { fields[String(line[..<colon])] = number }
            }
            return fields
        }
    }
#endif
