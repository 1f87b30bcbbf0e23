// The C library each POSIX OS imports under its own name; every file that calls it directly
// imports it the same way, inside `#if !os(Windows)`.
#if !os(Windows)
    #if canImport(Glibc)
        @_exported import Glibc
    #elseif canImport(Musl)
        @_exported import Musl
    #elseif canImport(Darwin)
        @_exported import Darwin
    #endif
#endif
