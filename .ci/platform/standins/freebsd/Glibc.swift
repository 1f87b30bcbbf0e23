// Stand-in for the Swift overlay `Glibc` that Swift on FreeBSD ships over FreeBSD's libc
// (swiftlang/swift stdlib/public/Platform/Platform.swift and Glibc.swift.gyb, their FreeBSD
// branches). Written
// for this harness from the names and types those files declare; bodies only need to
// type-check. Covers what C hides from Swift or what the overlay changes: errno, std streams,
// the variadic open/openat/fcntl/ioctl, S_IF* as mode_t, SIG_*, fork/vfork (unavailable to
// Swift on Darwin only, so present here), environ, sem_open.
@_exported import SwiftGlibc  // the clang module
import SwiftOverlayShims

// errno, the std streams, open/openat/fcntl/ioctl and S_IF*: common/BSDLibc.swift.
public typealias sighandler_t = __sighandler_t
public var SIG_DFL: sighandler_t? { nil }
public var SIG_IGN: sighandler_t { unsafeBitCast(1 as Int, to: sighandler_t.self) }
public var SIG_ERR: sighandler_t { unsafeBitCast(-1 as Int, to: sighandler_t.self) }
public var SIG_HOLD: sighandler_t { unsafeBitCast(2 as Int, to: sighandler_t.self) }

public var SEM_FAILED: UnsafeMutablePointer<sem_t>? { UnsafeMutablePointer<sem_t>(bitPattern: 0) }
public func sem_open(_ name: UnsafePointer<CChar>, _ oflag: Int32) -> UnsafeMutablePointer<sem_t>? {
    _stdlib_sem_open2(name, oflag)
}
public func sem_open(
    _ name: UnsafePointer<CChar>, _ oflag: Int32, _ mode: mode_t, _ value: CUnsignedInt
) -> UnsafeMutablePointer<sem_t>? {
    _stdlib_sem_open4(name, oflag, mode, value)
}

public var environ: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> { _swift_stdlib_getEnviron() }
