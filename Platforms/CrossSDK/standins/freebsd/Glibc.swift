// Stand-in for the Swift overlay `Glibc` that Swift on FreeBSD ships over FreeBSD's libc
// (swiftlang/swift stdlib/public/Platform/Platform.swift and Glibc.swift.gyb, their FreeBSD
// branches). Written
// for this harness from the names and types those files declare; bodies only need to
// type-check. Covers what C hides from Swift or what the overlay changes: errno, std streams,
// the variadic open/openat/fcntl/ioctl, S_IF* as mode_t, SIG_*, fork/vfork (unavailable to
// Swift on Darwin only, so present here), environ, sem_open.
//
// The SDK's own names and shapes, not this package's style: swift-format leaves this file alone.
// swift-format-ignore-file
@_exported import SwiftGlibc  // the clang module
import SwiftOverlayShims

// errno, the std streams, open/openat/fcntl/ioctl, S_IF*, sem_open and environ: common/BSDLibc.swift.
public typealias sighandler_t = __sighandler_t
public var SIG_DFL: sighandler_t? { nil }
public var SIG_IGN: sighandler_t { unsafeBitCast(1 as Int, to: sighandler_t.self) }
public var SIG_ERR: sighandler_t { unsafeBitCast(-1 as Int, to: sighandler_t.self) }
public var SIG_HOLD: sighandler_t { unsafeBitCast(2 as Int, to: sighandler_t.self) }

public var SEM_FAILED: UnsafeMutablePointer<sem_t>? { UnsafeMutablePointer<sem_t>(bitPattern: 0) }

