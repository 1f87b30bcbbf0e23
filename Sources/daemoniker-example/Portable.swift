// The few OS calls the example makes, for every OS the library supports.
#if os(Windows)
    import WinSDK

    /// The directory for the example's pid file and log: `%TEMP%\daemoniker-example`.
    func exampleDirectory() -> String {
        var buffer = [WCHAR](repeating: 0, count: Int(MAX_PATH) + 2)
        let length = GetTempPathW(DWORD(buffer.count), &buffer)
        var base = String(decoding: buffer.prefix(Int(length)), as: UTF16.self)
        if base.hasSuffix("\\") { base.removeLast() }
        let path = base + "\\daemoniker-example"
        let wide = Array(path.utf16) + [0]
        if !CreateDirectoryW(wide, nil) && GetLastError() != DWORD(ERROR_ALREADY_EXISTS) {
            print("daemoniker-example: cannot create \(path) (Windows error \(GetLastError()))")
            exit(1)
        }
        return path
    }

    /// Waits `seconds`.
    func pause(seconds: UInt32) { Sleep(seconds * 1000) }
#else
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The directory for the example's pid file and log: a per-user directory under `TMPDIR`.
    func exampleDirectory() -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        let path = "\(base)/daemoniker-example-\(getuid())"
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            print("daemoniker-example: cannot create \(path): \(String(cString: strerror(errno)))")
            exit(1)
        }
        return path
    }

    /// Waits `seconds`.
    func pause(seconds: UInt32) { sleep(seconds) }
#endif

/// Ends the example with `code`.
func quit(_ code: Int32) -> Never { exit(code) }
