// Stand-in for the Windows SDK's `WinSDK` clang module, over MinGW-w64 headers (zig's
// any-windows-any copy, patched as Platforms/CrossSDK/standins.sh describes). The real module
// (swiftlang/swift stdlib/public/Platform/winsdk.modulemap) covers windows.h without
// WIN32_LEAN_AND_MEAN plus many more headers; this covers the parts a console program uses.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <aclapi.h>
#include <shellapi.h>
#include <winioctl.h>
