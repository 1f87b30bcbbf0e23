#if !os(Windows)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif
    import CDaemonikerShim

    extension Platform {
        /// The real path of the running executable (`/proc/self/exe`, `_NSGetExecutablePath`,
        /// `KERN_PROC_PATHNAME`), never `argv[0]`.
        package static func executablePath() throws(SystemError) -> String {
            var buffer = [CChar](repeating: 0, count: 4097)
            let length = dk_executable_path(&buffer, buffer.count)
            if length < 0 { throw SystemError("find the running executable's path") }
            return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// The process's arguments as raw bytes, exactly as it received them, `argv[0]` first.
        package static func rawArguments() -> [[UInt8]] {
            let count = dk_saved_argc()
            if count > 0 {
                return (0..<count).map { index in
                    guard let pointer = dk_saved_argv(index) else { return [] }
                    return Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map {
                        UInt8(bitPattern: $0)
                    }
                }
            }
            #if os(Linux)
                // C libraries that do not hand arguments to initializers: /proc has them verbatim.
                let fd = Glibc.open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC)
                if fd >= 0 {
                    defer { Glibc.close(fd) }
                    if let bytes = try? readAll(fd) {
                        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map(
                            Array.init)
                    }
                }
            #endif
            return CommandLine.arguments.map { Array($0.utf8) }
        }

        /// The value of the environment variable `name`.
        package static func environmentValue(_ name: String) -> String? {
            guard let value = getenv(name) else { return nil }
            return String(cString: value)
        }

        /// Sets the environment variable `name`.
        package static func setEnvironmentValue(_ name: String, _ value: String) {
            setenv(name, value, 1)
        }

        /// Removes the environment variable `name` from this process's environment.
        package static func removeEnvironmentValue(_ name: String) {
            unsetenv(name)
        }

        /// The whole environment as raw `NAME=value` byte strings.
        package static func rawEnvironment() -> [[UInt8]] {
            var result: [[UInt8]] = []
            #if canImport(Darwin)
                guard var cursor = _NSGetEnviron().pointee else { return [] }
            #else
                guard var cursor = environ as UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? else {
                    return []
                }
            #endif
            while let entry = cursor.pointee {
                result.append(
                    Array(UnsafeBufferPointer(start: entry, count: strlen(entry))).map {
                        UInt8(bitPattern: $0)
                    })
                cursor += 1
            }
            return result
        }

        /// `count` bytes from the OS's random source.
        package static func randomBytes(_ count: Int) -> [UInt8] {
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
    }
#endif
