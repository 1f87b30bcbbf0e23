// Stand-in for the Swift overlay of `Darwin` that the macOS SDK ships (swiftlang/swift
// stdlib/public/Platform/Platform.swift and Darwin.swift.gyb, their macOS branches). Written
// for this harness from the names and types those files declare; bodies only need to
// type-check. Covers what C hides from Swift or what the overlay changes: errno, std streams,
// the variadic open/openat/fcntl/ioctl, S_IF* as mode_t, SIG_*, fork/vfork (unavailable to
// Swift on Darwin), environ, sem_open, DarwinBoolean (which C's `Boolean` is mapped to).
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

public var errno: Int32 {
    get { _swift_stdlib_getErrno() }
    set { _swift_stdlib_setErrno(newValue) }
}

public var stdin: UnsafeMutablePointer<FILE> {
    get { __stdinp }
    set { __stdinp = newValue }
}
public var stdout: UnsafeMutablePointer<FILE> {
    get { __stdoutp }
    set { __stdoutp = newValue }
}
public var stderr: UnsafeMutablePointer<FILE> {
    get { __stderrp }
    set { __stderrp = newValue }
}

public func open(_ path: UnsafePointer<CChar>, _ oflag: Int32) -> Int32 {
    _swift_stdlib_open(path, oflag, 0)
}
public func open(_ path: UnsafePointer<CChar>, _ oflag: Int32, _ mode: mode_t) -> Int32 {
    _swift_stdlib_open(path, oflag, mode)
}
public func openat(_ fd: Int32, _ path: UnsafePointer<CChar>, _ oflag: Int32) -> Int32 {
    _swift_stdlib_openat(fd, path, oflag, 0)
}
public func openat(_ fd: Int32, _ path: UnsafePointer<CChar>, _ oflag: Int32, _ mode: mode_t) -> Int32 {
    _swift_stdlib_openat(fd, path, oflag, mode)
}
public func fcntl(_ fd: Int32, _ cmd: Int32) -> Int32 { _swift_stdlib_fcntl(fd, cmd, 0) }
public func fcntl(_ fd: Int32, _ cmd: Int32, _ value: Int32) -> Int32 { _swift_stdlib_fcntl(fd, cmd, value) }
public func fcntl(_ fd: Int32, _ cmd: Int32, _ ptr: UnsafeMutableRawPointer) -> Int32 {
    _swift_stdlib_fcntlPtr(fd, cmd, ptr)
}
public func ioctl(_ fd: CInt, _ request: UInt, _ value: CInt) -> CInt { _swift_stdlib_ioctl(fd, request, value) }
public func ioctl(_ fd: CInt, _ request: UInt, _ ptr: UnsafeMutableRawPointer) -> CInt {
    _swift_stdlib_ioctlPtr(fd, request, ptr)
}
public func ioctl(_ fd: CInt, _ request: UInt) -> CInt { _swift_stdlib_ioctl(fd, request, 0) }

public var S_IFMT: mode_t { 0o170000 }
public var S_IFIFO: mode_t { 0o010000 }
public var S_IFCHR: mode_t { 0o020000 }
public var S_IFDIR: mode_t { 0o040000 }
public var S_IFBLK: mode_t { 0o060000 }
public var S_IFREG: mode_t { 0o100000 }
public var S_IFLNK: mode_t { 0o120000 }
public var S_IFSOCK: mode_t { 0o140000 }
public var S_IFWHT: mode_t { 0o160000 }
public var S_IRWXU: mode_t { 0o700 }
public var S_IRUSR: mode_t { 0o400 }
public var S_IWUSR: mode_t { 0o200 }
public var S_IXUSR: mode_t { 0o100 }
public var S_IRWXG: mode_t { 0o070 }
public var S_IRGRP: mode_t { 0o040 }
public var S_IWGRP: mode_t { 0o020 }
public var S_IXGRP: mode_t { 0o010 }
public var S_IRWXO: mode_t { 0o007 }
public var S_IROTH: mode_t { 0o004 }
public var S_IWOTH: mode_t { 0o002 }
public var S_IXOTH: mode_t { 0o001 }
public var S_ISUID: mode_t { 0o4000 }
public var S_ISGID: mode_t { 0o2000 }
public var S_ISVTX: mode_t { 0o1000 }
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
public func sem_open(_ name: UnsafePointer<CChar>, _ oflag: Int32) -> UnsafeMutablePointer<sem_t>? {
    _stdlib_sem_open2(name, oflag)
}
public func sem_open(
    _ name: UnsafePointer<CChar>, _ oflag: Int32, _ mode: mode_t, _ value: CUnsignedInt
) -> UnsafeMutablePointer<sem_t>? {
    _stdlib_sem_open4(name, oflag, mode, value)
}

public var environ: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> { _swift_stdlib_getEnviron() }
