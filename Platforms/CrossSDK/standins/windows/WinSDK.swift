// Stand-in for the Swift overlay of the `WinSDK` module that the Windows Swift SDK ships
// (swiftlang/swift stdlib/public/Windows/WinSDK.swift). Written for this harness from the
// names and types that file declares: constants whose C macros Swift cannot import (casts to
// HANDLE, negative DWORDs) and `WindowsBool`, which the compiler maps C's `BOOL` to (so a
// `BOOL` result or parameter is a Swift `Bool`, as with the real SDK). GUI-only constants of
// the real overlay (window classes, DPI contexts) are left out; registry roots are kept.
//
// The SDK's own names and shapes, not this package's style: swift-format leaves this file alone.
// swift-format-ignore-file
@_exported import ucrt  // the Swift overlay above
@_exported import WinSDK  // the clang module

public var HANDLE_FLAG_INHERIT: DWORD { 0x0000_0001 }
public var STARTF_USESTDHANDLES: DWORD { 0x0000_0100 }
public var INFINITE: DWORD { DWORD.max }
public var WAIT_OBJECT_0: DWORD { 0 }
public var STD_INPUT_HANDLE: DWORD { DWORD(bitPattern: -10) }
public var STD_OUTPUT_HANDLE: DWORD { DWORD(bitPattern: -11) }
public var STD_ERROR_HANDLE: DWORD { DWORD(bitPattern: -12) }
public var INVALID_HANDLE_VALUE: HANDLE { HANDLE(bitPattern: -1)! }
public var INVALID_FILE_ATTRIBUTES: DWORD { DWORD.max }
public var FSCTL_SET_REPARSE_POINT: DWORD { 0x0009_00A4 }
public var FSCTL_GET_REPARSE_POINT: DWORD { 0x0009_00A8 }
public var FSCTL_DELETE_REPARSE_POINT: DWORD { 0x0009_00AC }
public var INVALID_SOCKET: SOCKET { SOCKET.max }
public var FIONBIO: Int32 { Int32(bitPattern: 0x8004_667E) }
public var PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE: DWORD_PTR { 0x0002_0016 }
public var FOF_NO_UI: FILEOP_FLAGS {
    FILEOP_FLAGS(FOF_SILENT | FOF_NOCONFIRMATION | FOF_NOERRORUI | FOF_NOCONFIRMMKDIR)
}
public var HKEY_CLASSES_ROOT: HKEY { HKEY(bitPattern: UInt(0x8000_0000))! }
public var HKEY_CURRENT_USER: HKEY { HKEY(bitPattern: UInt(0x8000_0001))! }
public var HKEY_LOCAL_MACHINE: HKEY { HKEY(bitPattern: UInt(0x8000_0002))! }
public var HKEY_USERS: HKEY { HKEY(bitPattern: UInt(0x8000_0003))! }
public var HKEY_CURRENT_CONFIG: HKEY { HKEY(bitPattern: UInt(0x8000_0005))! }

/// C's `BOOL` (an `int`), as the compiler expects to find it in the `WinSDK` overlay.
@frozen
public struct WindowsBool: ExpressibleByBooleanLiteral, Equatable, CustomStringConvertible {
    @usableFromInline var _value: Int32
    @_transparent public init(_ value: Bool) { _value = value ? 1 : 0 }
    @_transparent public init(booleanLiteral value: Bool) { self.init(value) }
    @_transparent public var boolValue: Bool { _value != 0 }
    public var description: String { boolValue.description }
    @_transparent public static func == (a: WindowsBool, b: WindowsBool) -> Bool {
        a.boolValue == b.boolValue
    }
}

// Called by compiler-generated code at the boundary of an imported C function.
@_transparent public func _convertBoolToWindowsBool(_ value: Bool) -> WindowsBool { WindowsBool(value) }
@_transparent public func _convertWindowsBoolToBool(_ value: WindowsBool) -> Bool { value.boolValue }
