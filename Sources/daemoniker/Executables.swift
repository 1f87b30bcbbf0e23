#if os(Windows)
    import WinSDK
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding programs to start.
enum Executables {
    /// What separates `PATH`'s entries.
    #if os(Windows)
        static let pathSeparator: Character = ";"
    #else
        static let pathSeparator: Character = ":"
    #endif

    /// Whether `path` is a file this user may execute.
    static func isExecutable(_ path: String) -> Bool {
        #if os(Windows)
            let attributes = GetFileAttributesA(path)
            return attributes != INVALID_FILE_ATTRIBUTES && attributes & DWORD(FILE_ATTRIBUTE_DIRECTORY) == 0
        #else
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
            return access(path, X_OK) == 0
        #endif
    }
}
