// Stand-in for the Swift overlay of `Darwin` that the macOS SDK ships (swiftlang/swift
// stdlib/public/Platform/Platform.swift and Darwin.swift.gyb, their macOS branches). Written
// for this harness from the names and types those files declare; bodies only need to
// type-check. Covers what C hides from Swift or what the overlay changes: errno, std streams,
// the variadic open/openat/fcntl/ioctl, S_IF* as mode_t, SIG_*, fork/vfork (unavailable to
// Swift on Darwin), environ, sem_open, DarwinBoolean (which C's `Boolean` is mapped to).
//
// The SDK's own names and shapes, not this package's style: swift-format leaves this file alone.
// swift-format-ignore-file
@_exported import Darwin  // the clang module
import SwiftOverlayShims

public var noErr: OSStatus { 0 }

@frozen
public struct DarwinBoolean: ExpressibleByBooleanLiteral, Equatable, CustomStringConvertible {
    var _value: UInt8
    public init(_ value: Bool) { _value = value ? 1 : 0 }
    public init(booleanLiteral value: Bool) { self.init(value) }
    public var boolValue: Bool { _value != 0 }
    public var description: String { boolValue.description }
    public static func == (a: DarwinBoolean, b: DarwinBoolean) -> Bool { a.boolValue == b.boolValue }
}
public func _convertBoolToDarwinBoolean(_ value: Bool) -> DarwinBoolean { DarwinBoolean(value) }
public func _convertDarwinBooleanToBool(_ value: DarwinBoolean) -> Bool { value.boolValue }

// errno, the std streams, open/openat/fcntl/ioctl, S_IF*, sem_open and environ: common/BSDLibc.swift.
public var S_IFWHT: mode_t { 0o160000 }
public var S_ISTXT: mode_t { S_ISVTX }
public var S_IREAD: mode_t { S_IRUSR }
public var S_IWRITE: mode_t { S_IWUSR }
public var S_IEXEC: mode_t { S_IXUSR }

@available(*, unavailable, message: "Please use threads or posix_spawn*()")
public func fork() -> Int32 { fatalError("unavailable") }
@available(*, unavailable, message: "Please use threads or posix_spawn*()")
public func vfork() -> Int32 { fatalError("unavailable") }

public var SIG_DFL: sig_t? { nil }
public var SIG_IGN: sig_t { unsafeBitCast(1 as Int, to: sig_t.self) }
public var SIG_ERR: sig_t { unsafeBitCast(-1 as Int, to: sig_t.self) }
public var SIG_HOLD: sig_t { unsafeBitCast(5 as Int, to: sig_t.self) }

public var SEM_FAILED: UnsafeMutablePointer<sem_t>? { UnsafeMutablePointer<sem_t>(bitPattern: -1) }

