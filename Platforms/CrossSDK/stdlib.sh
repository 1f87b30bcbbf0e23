#!/usr/bin/env bash
# Usage: stdlib.sh TARGET
# Recompiles the toolchain's Linux .swiftinterface files of the stdlib modules the code needs
# (Swift, SwiftOnoneSupport, _Concurrency, _StringProcessing, Synchronization) for TARGET, into
# $DK_XSDK/stdlib/TARGET. Cached: a second run with the same toolchain does nothing.
#
# The interfaces were printed for x86_64 Linux, so what they declare is Linux's stdlib surface,
# not TARGET's: see README.md. Patches, all on copies in the cache:
#   - the -target in the interface's flags line becomes TARGET's triple, and TARGET's clang
#     header arguments (lib.sh) are appended to it;
#   - Windows: CLong and CUnsignedLong are 32-bit and CLongDouble is Double, as the real
#     stdlib declares them for Windows (Linux's interface has Int, UInt, Float80);
#   - Windows: Float80's remainder and square root call SwiftShims functions that the shims
#     declare only when !_WIN32 (MSVC's long double is a double); their inlinable bodies become
#     fatalError() (the real Windows stdlib has no Float80 at all);
#   - macOS: `@backDeployed(...)` lines are dropped, inlinable code is checked against the
#     deployment target instead of the oldest macOS (see below);
#   - Synchronization: its `import Glibc` is dropped (nothing in the interface uses it), and
#     the inlinable body of the Linux futex mutex calls _swift_stdlib_gettid(), declared by
#     _SynchronizationShims only on Linux: it becomes a constant. Only Mutex's internals
#     change; its API (what the code type-checks against) is untouched.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

target="$1"
triple="$(dk_triple "$target")"
out="$DK_XSDK/stdlib/$target"
key="$(dk_digest "$DK_CROSS_SDK/stdlib.sh" "$DK_CROSS_SDK/lib.sh")"
if dk_stamp_ok "$out/.stamp" "$key"; then
    dk_log "stdlib $target: cached"
    exit 0
fi
rm -rf "$out"
mkdir -p "$out/src" "$out/logs"
xcc_line=""
while IFS= read -r arg; do xcc_line+=" -Xcc $arg"; done < <(dk_clang_system_args "$target")

# build MODULE [extra flags]: one interface -> $out/MODULE.swiftmodule
build() {
    local module="$1"; shift
    local src="$out/src/$module.swiftinterface"
    # The clang arguments go into the interface's own flags line: -Xcc on the command line of
    # -compile-module-from-interface does not reach its clang (checked with -Xcc -v).
    sed -e "3s/-target x86_64-unknown-linux-gnu/-target $triple/" -e "3s|\$|$xcc_line|" \
        "$SWIFT_LINUX_INTERFACES/$module.swiftmodule/x86_64-unknown-linux-gnu.swiftinterface" >"$src"
    case "$target/$module" in
        windows/Swift)
            # C's long is 32 bits on Windows: the real stdlib says so (CTypes.swift), Linux's
            # interface does not. Without this, DWORD would import as UInt.
            sed -i -e 's/^public typealias CLong = Swift.Int$/public typealias CLong = Swift.Int32/' \
                -e 's/^public typealias CUnsignedLong = Swift.UInt$/public typealias CUnsignedLong = Swift.UInt32/' \
                -e 's/^public typealias CLongDouble = Swift.Float80$/public typealias CLongDouble = Swift.Double/' \
                -e 's/^\( *\)self = _stdlib_remainderl(self, other)$/\1Swift.fatalError("no Float80 on Windows")/' \
                -e 's/^\( *\)self = _stdlib_squareRootl(self)$/\1Swift.fatalError("no Float80 on Windows")/' "$src" ;;
        macos/*)
            # The Linux interface has no body for the @backDeployed functions (back deployment
            # is a Darwin-only notion); Darwin requires one. All of them are older than the
            # deployment target (macOS 15), where the attribute has no effect: dropped.
            # Darwin checks inlinable code against the oldest OS (`-target-min-inlining-version
            # min`), which these interfaces were never checked for: use the deployment target.
            sed -i -e '/^ *@backDeployed([^)]*)$/d' \
                -e '3s/-target-min-inlining-version min/-target-min-inlining-version target/' "$src" ;;&
        */Synchronization)
            sed -i -e '/^import Glibc$/d' -e 's/_swift_stdlib_gettid()/Swift.UInt32(1)/' "$src" ;;
    esac
    if [ "$target/$module" = windows/Swift ] && ! grep -q '^public typealias CLong = Swift.Int32$' "$src"; then
        dk_log "stdlib $target: the CTypes patch no longer applies; update stdlib.sh"
        return 1
    fi
    local start; start="$(dk_now)"
    if ! "$SWIFT_FRONTEND" -compile-module-from-interface -target "$triple" -module-name "$module" "$@" \
        -resource-dir "$SWIFT_RESOURCE_DIR" -I "$out" -module-cache-path "$out/modcache" \
        "$src" -o "$out/$module.swiftmodule" >"$out/logs/$module.log" 2>&1; then
        dk_log "stdlib $target: $module FAILED ($(dk_elapsed "$start")); log: $out/logs/$module.log"
        sed -n '1,40p' "$out/logs/$module.log" >&2
        return 1
    fi
    dk_log "stdlib $target: $module ($(dk_elapsed "$start"))"
}

build Swift -parse-stdlib
pids=()
build SwiftOnoneSupport -parse-stdlib & pids+=($!)
build _Concurrency -parse-stdlib & pids+=($!)
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
pids=()
build _StringProcessing & pids+=($!)
build Synchronization & pids+=($!)
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ "$status" -eq 0 ] || exit 1
echo "$key" >"$out/.stamp"
