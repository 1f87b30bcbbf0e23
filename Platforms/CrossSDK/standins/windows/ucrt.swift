// Stand-in for the Swift overlay of the `ucrt` module that the Windows Swift SDK ships
// (swiftlang/swift stdlib/public/Platform/ucrt.swift + Platform.swift's os(Windows) parts).
// Written for this harness from what those files declare (names and types); the bodies only
// need to type-check. Covers what C macros hide from Swift: errno, stdin/stdout/stderr, the
// variadic open(), S_IF*, SIG_*.
//
// The SDK's own names and shapes, not this package's style: swift-format leaves this file alone.
// swift-format-ignore-file
@_exported import ucrt  // the clang module

public var errno: Int32 {
    get { _errno().pointee }
    set { _errno().pointee = newValue }
}

public var stdin: UnsafeMutablePointer<FILE> { __acrt_iob_func(0) }
public var stdout: UnsafeMutablePointer<FILE> { __acrt_iob_func(1) }
public var stderr: UnsafeMutablePointer<FILE> { __acrt_iob_func(2) }

public var STDIN_FILENO: Int32 { _fileno(stdin) }
public var STDOUT_FILENO: Int32 { _fileno(stdout) }
public var STDERR_FILENO: Int32 { _fileno(stderr) }

// (The real overlay goes through SwiftOverlayShims, whose Windows `mode_t` typedef clashes
// with MinGW's; _sopen_s is the non-variadic form of the same call.)
public func open(_ path: UnsafePointer<CChar>, _ oflag: Int32) -> Int32 {
    open(path, oflag, 0)
}
public func open(_ path: UnsafePointer<CChar>, _ oflag: Int32, _ mode: Int32) -> Int32 {
    var fd: Int32 = -1
    return _sopen_s(&fd, path, oflag, _SH_DENYNO, mode) == 0 ? fd : -1
}

public var S_IFMT: Int32 { 0xF000 }
public var S_IFREG: Int32 { 0x8000 }
public var S_IFDIR: Int32 { 0x4000 }
public var S_IFCHR: Int32 { 0x2000 }
public var S_IFIFO: Int32 { 0x1000 }
public var S_IREAD: Int32 { 0x0100 }
public var S_IWRITE: Int32 { 0x0080 }
public var S_IEXEC: Int32 { 0x0040 }

// The SDK spells the handler type _crt_signal_t; MinGW-w64 calls it __p_sig_fn_t.
public typealias _crt_signal_t = __p_sig_fn_t
public var SIG_DFL: _crt_signal_t? { nil }
public var SIG_IGN: _crt_signal_t { unsafeBitCast(1 as Int, to: _crt_signal_t.self) }
public var SIG_ERR: _crt_signal_t { unsafeBitCast(-1 as Int, to: _crt_signal_t.self) }
