#!/usr/bin/env bash
# Usage: standins.sh TARGET
# Builds, into $DK_XSDK/standins/TARGET, what TARGET's Swift SDK would provide beyond the
# stdlib: the libc / Windows clang modules (module maps over zig's real headers) and small
# Swift overlays (standins/TARGET/*.swift, with standins/common/BSDLibc.swift for macOS and
# FreeBSD). Needs stdlib.sh TARGET first. Cached.
# See README.md for what each stand-in is and what it cannot prove.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

target="$1"
out="$DK_XSDK/standins/$target"
key="$(dk_digest "$DK_CROSS_SDK/standins.sh" "$DK_CROSS_SDK/lib.sh" "$DK_CROSS_SDK/standins/$target" \
    "$DK_CROSS_SDK/standins/common" \
    "$DK_XSDK/stdlib/$target/.stamp")"
if dk_stamp_ok "$out/.stamp" "$key"; then
    dk_log "stand-ins $target: cached"
    exit 0
fi
rm -rf "$out"
mkdir -p "$out/clang" "$out/swift" "$out/logs"
src="$DK_CROSS_SDK/standins/$target"

# module_map NAME UMBRELLA INCLUDE_DIR...: a module NAME listing, one by one, the headers that
# UMBRELLA includes (found in the INCLUDE_DIRs), so that each belongs to this module and an
# #include of it anywhere else (our shim, another stand-in) imports the module instead.
# assert.h and errno.h are textual, as in the real module maps, and so is any header whose
# #include line ends in `// textual` (see ucrt-standin.h). UMBRELLA itself is the module's
# first header, so textual headers it includes are part of the module too.
module_map() {
    local name="$1" umbrella="$2"; shift 2
    echo "module $name [system] {"
    echo "  header \"$umbrella\""
    local header dir found textual
    sed -n 's/^#include <\([^>]*\)>\( *\/\/ *textual\)\{0,1\}.*$/\1 \2/p' "$umbrella" | while read -r header textual; do
        found=
        for dir in "$@"; do
            if [ -f "$dir/$header" ]; then found="$dir/$header"; break; fi
        done
        if [ -z "$found" ]; then
            echo "stand-in $name: header <$header> not found in $*" >&2
            return 1
        fi
        case "$header${textual:+ textual}" in
            assert.h | errno.h | *" textual") echo "  textual header \"$found\"" ;;
            *) echo "  header \"$found\"" ;;
        esac
    done
    echo "  export *"
    echo "}"
}

case "$target" in
    windows)
        # The MinGW-w64 headers, as a tree of symbolic links with two kinds of files patched
        # into real copies. Both patches change spelling, not C meaning, so that Swift imports
        # the declarations as it imports the Windows SDK's:
        #  1. `__MSABI_LONG(5)` (a function-like macro, which Swift's macro importer cannot
        #     read) becomes `5L`, as the SDK writes it: ERROR_*, GENERIC_*, SYNCHRONIZE...
        #  2. minwindef.h: MinGW declares every API with `WINBOOL` (a typedef of int) and makes
        #     `BOOL` a macro for it; the SDK has `typedef int BOOL`. The compiler maps the typedef
        #     named BOOL to WinSDK.WindowsBool, i.e. to Swift's Bool at function boundaries; so
        #     BOOL becomes the typedef and WINBOOL the macro.
        inc="$out/include"
        cp -rs "$ZIG_WINDOWS" "$inc"
        grep -rlZ '__MSABI_LONG(' "$ZIG_WINDOWS" --include='*.h' | while IFS= read -r -d '' f; do
            rel="${f#"$ZIG_WINDOWS"/}"
            rm "$inc/$rel"  # a link into zig's tree: never write through it
            sed 's/__MSABI_LONG(\([0-9A-Fa-fxXuU]*\))/\1L/g' "$f" >"$inc/$rel"
        done
        rm "$inc/minwindef.h"  # a link into zig's tree: never write through it
        python3 - "$ZIG_WINDOWS/minwindef.h" "$inc/minwindef.h" <<'PY'
import sys
text = open(sys.argv[1]).read()
old = "typedef int WINBOOL;"
if old not in text or "#define BOOL WINBOOL" not in text:
    sys.exit("minwindef.h: the BOOL / WINBOOL definitions have changed; update standins.sh")
text = text.replace(old, "typedef int BOOL;\n#define WINBOOL BOOL  /* patched: see Platforms/CrossSDK/standins.sh */", 1)
text = text.replace("#define BOOL WINBOOL", "/* patched out: #define BOOL WINBOOL */")
open(sys.argv[2], "w").write(text)
PY
        {
            module_map ucrt "$src/ucrt-standin.h" "$inc"
            module_map WinSDK "$src/WinSDK-standin.h" "$inc"
        } >"$out/clang/module.modulemap"
        overlays=(ucrt WinSDK)
        ;;
    macos)
        module_map Darwin "$src/Darwin-standin.h" "$ZIG_MACOS" >"$out/clang/module.modulemap"
        overlays=(Darwin)
        ;;
    freebsd)
        module_map SwiftGlibc "$src/SwiftGlibc-standin.h" "${ZIG_FREEBSD[@]}" >"$out/clang/module.modulemap"
        overlays=(Glibc)
        ;;
esac

# The BSD libc part both POSIX overlays declare alike is one file, compiled into each.
shared=()
[ "$target" = windows ] || shared=("$DK_CROSS_SDK/standins/common/BSDLibc.swift")
mapfile -t flags < <(dk_swift_flags "$target")
for overlay in "${overlays[@]}"; do
    start="$(dk_now)"
    if ! "$SWIFT_FRONTEND" -emit-module -parse-as-library -swift-version 5 -module-name "$overlay" \
        "${flags[@]}" -Xcc -DSWIFT_STDLIB_HAS_ENVIRON \
        "$src/$overlay.swift" "${shared[@]}" -emit-module-path "$out/swift/$overlay.swiftmodule" \
        >"$out/logs/$overlay.log" 2>&1; then
        dk_log "stand-ins $target: overlay $overlay FAILED; log: $out/logs/$overlay.log"
        sed -n '1,60p' "$out/logs/$overlay.log" >&2
        exit 1
    fi
    dk_log "stand-ins $target: overlay $overlay ($(dk_elapsed "$start"))"
done
echo "$key" >"$out/.stamp"
