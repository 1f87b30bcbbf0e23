#if os(Windows)
    import WinSDK

    extension Platform {
        /// The real path of the running executable (`GetModuleFileNameW`), never `argv[0]`.
        package static func executablePath() throws(SystemError) -> String {
            var size = Int(MAX_PATH)
            while size <= 32768 {
                var buffer = [WCHAR](repeating: 0, count: size)
                let length = Int(GetModuleFileNameW(nil, &buffer, DWORD(size)))
                if length == 0 { throw SystemError("find the running executable's path") }
                // A full buffer means the path was cut short.
                if length < size { return String(decoding: buffer.prefix(length), as: UTF16.self) }
                size *= 2
            }
            throw SystemError(
                "find the running executable's path",
                code: Int32(truncatingIfNeeded: ERROR_INSUFFICIENT_BUFFER))
        }

        /// The process's arguments as UTF-8, `argv[0]` first, as the Swift runtime split
        /// `GetCommandLineW()`. To start the program again, join them with the library's
        /// `WindowsCommandLine.quote`.
        package static func rawArguments() -> [[UInt8]] {
            CommandLine.arguments.map { Array($0.utf8) }
        }

        /// The value of the environment variable `name` (`GetEnvironmentVariableW`); an empty
        /// value is `""`, a missing variable nil.
        package static func environmentValue(_ name: String) -> String? {
            name.withCString(encodedAs: UTF16.self) { key -> String? in
                var size: DWORD = 256
                while true {
                    var buffer = [WCHAR](repeating: 0, count: Int(size))
                    SetLastError(0)
                    let length = GetEnvironmentVariableW(key, &buffer, size)
                    if length == 0 {
                        return GetLastError() == dword(ERROR_ENVVAR_NOT_FOUND) ? nil : ""
                    }
                    // Too small: `length` is the size needed, with the terminating NUL.
                    if length >= size {
                        size = length
                        continue
                    }
                    return String(decoding: buffer.prefix(Int(length)), as: UTF16.self)
                }
            }
        }

        /// Sets the environment variable `name`, both in the C runtime's copy (`_wputenv_s`) and
        /// in the process's environment block, which `CreateProcessW` passes on.
        package static func setEnvironmentValue(_ name: String, _ value: String) {
            name.withCString(encodedAs: UTF16.self) { key in
                value.withCString(encodedAs: UTF16.self) { text in
                    // _wputenv_s with an empty value removes the variable, so only non-empty ones.
                    if !value.isEmpty { _ = _wputenv_s(key, text) }
                    _ = SetEnvironmentVariableW(key, text)
                }
            }
        }

        /// Removes the environment variable `name` from the C runtime's copy and from the
        /// process's environment block.
        package static func removeEnvironmentValue(_ name: String) {
            name.withCString(encodedAs: UTF16.self) { key in
                "".withCString(encodedAs: UTF16.self) { empty in _ = _wputenv_s(key, empty) }
                _ = SetEnvironmentVariableW(key, nil)
            }
        }

        /// The whole environment block (`GetEnvironmentStringsW`) as UTF-8 `NAME=value` entries,
        /// including the hidden per-drive entries such as `=C:=C:\work`.
        package static func rawEnvironment() -> [[UInt8]] {
            guard let block = GetEnvironmentStringsW() else { return [] }
            defer { FreeEnvironmentStringsW(block) }
            var result: [[UInt8]] = []
            var cursor = block
            while cursor.pointee != 0 {
                let length = wcslen(cursor)
                let entry = String(
                    decoding: UnsafeBufferPointer(start: cursor, count: length), as: UTF16.self)
                result.append(Array(entry.utf8))
                cursor += length + 1
            }
            return result
        }

        /// `count` bytes from the OS's random source (`SystemRandomNumberGenerator`, which uses
        /// `BCryptGenRandom` on Windows).
        package static func randomBytes(_ count: Int) -> [UInt8] {
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
    }
#endif
