# Shared by the cross-SDK scripts (cross-check.sh and what it runs). Sourced.
# Paths, the per-target settings, timing, and the cache stamps.
set -euo pipefail

DK_CROSS_SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DK_REPO="$(cd "$DK_CROSS_SDK/../.." && pwd)"
DK_XSDK="${DK_XSDK:-$DK_REPO/.build-xsdk}"
mkdir -p "$DK_XSDK"
DK_XSDK="$(cd "$DK_XSDK" && pwd)"

SWIFT_ROOT="${SWIFT_ROOT:-/opt/swift/usr}"
SWIFT_FRONTEND="$SWIFT_ROOT/bin/swift-frontend"
CLANG="$SWIFT_ROOT/bin/clang"
SWIFT_RESOURCE_DIR="$SWIFT_ROOT/lib/swift"
# The toolchain's own (Linux) textual interfaces: the only stdlib source this stage uses.
SWIFT_LINUX_INTERFACES="$SWIFT_RESOURCE_DIR/linux"

# Real libc headers shipped by PyPI's ziglang (see install.sh).
ZIG_LIBC_INCLUDE="${ZIG_LIBC_INCLUDE:-}"
if [ -z "$ZIG_LIBC_INCLUDE" ]; then
    ZIG_LIBC_INCLUDE="$(python3 -c 'import ziglang,os;print(os.path.dirname(ziglang.__file__))' 2>/dev/null)/lib/libc/include"
fi
ZIG_WINDOWS="$ZIG_LIBC_INCLUDE/any-windows-any"
ZIG_MACOS="$ZIG_LIBC_INCLUDE/any-macos-any"
ZIG_FREEBSD=("$ZIG_LIBC_INCLUDE/x86_64-freebsd-none" "$ZIG_LIBC_INCLUDE/generic-freebsd")

DK_TARGETS=(windows macos freebsd)

# Target triple for each target name.
dk_triple() {
    case "$1" in
        windows) echo x86_64-unknown-windows-msvc ;;
        macos) echo x86_64-apple-macosx15.0 ;;
        freebsd) echo x86_64-unknown-freebsd14 ;;
        *) echo "unknown target $1" >&2; return 1 ;;
    esac
}

# Clang arguments (one per line) that replace the host's system headers with the target's.
# -nostdlibinc keeps Clang's own builtin headers (stddef.h, stdarg.h, intrinsics) and drops
# /usr/include and every other host or SDK directory. Joined forms (-isystemDIR): a separate
# `-Xcc -isystem -Xcc DIR` does not reach the clang of a .swiftinterface build.
dk_clang_system_args() {
    case "$1" in
        windows)
            local windows_include="${2:-$ZIG_WINDOWS}"
            # MinGW-w64 headers (zig's copy) in MSVC mode. They define __attribute__(x) away
            # unless __GNUC__ is set, which breaks Clang's intrinsic headers: -fgnuc-version
            # sets __GNUC__ while _MSC_VER and the MSVC ABI (32-bit long, wchar_t) stay. The
            # Windows SDK defaults to the newest Windows version; MinGW-w64 to an old one.
            printf '%s\n' -nostdlibinc -fgnuc-version=4.2.1 \
                -D_WIN32_WINNT=0x0A00 -DWINVER=0x0A00 -DNTDDI_VERSION=0x0A000000 \
                "-isystem$windows_include" ;;
        # -idirafter: after Clang's builtin headers, as a real SDK's usr/include comes (Apple's
        # headers rely on Clang's stddef.h answering __need_size_t when modules are on).
        macos) printf '%s\n' -nostdlibinc "-idirafter$ZIG_MACOS" ;;
        freebsd) printf '%s\n' -nostdlibinc "-idirafter${ZIG_FREEBSD[0]}" "-idirafter${ZIG_FREEBSD[1]}" ;;
    esac
}

# Swift frontend flags (one per line) for TARGET against the cached stdlib and stand-ins.
dk_swift_flags() {
    local target="$1" standins="$DK_XSDK/standins/$1"
    printf '%s\n' -target "$(dk_triple "$target")" -resource-dir "$SWIFT_RESOURCE_DIR" \
        -I "$DK_XSDK/stdlib/$target" -I "$standins/swift" \
        -module-cache-path "$DK_XSDK/modcache/$target" \
        -Xcc "-fmodule-map-file=$standins/clang/module.modulemap"
    # The stdlib interfaces say -disable-objc-interop; Darwin targets default to it on.
    [ "$target" != macos ] || echo -disable-objc-interop
    # Windows: see standins/windows/ucrt-standin.h for this one.
    [ "$target" != windows ] || printf '%s\n' -Xcc -D__MM_MALLOC_H
    local arg
    while IFS= read -r arg; do printf '%s\n' -Xcc "$arg"; done \
        < <(dk_clang_system_args "$target" "$standins/include")
}

dk_now() { date +%s.%N; }
dk_elapsed() { awk -v a="$1" -v b="$(dk_now)" 'BEGIN { printf "%.1fs", b - a }'; }
dk_log() { printf '[platform] %s\n' "$*" >&2; }

# A digest of the toolchain and of the given files: the cache key of what they build.
dk_digest() {
    {
        "$SWIFT_FRONTEND" --version 2>&1
        echo "$ZIG_LIBC_INCLUDE"
        for f in "$@"; do
            if [ -d "$f" ]; then
                find "$f" -type f | LC_ALL=C sort | xargs sha256sum
            else
                sha256sum "$f"
            fi
        done
    } | sha256sum | cut -c1-16
}

# dk_stamp_ok STAMP KEY: whether STAMP holds KEY (the cached result is current).
dk_stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
