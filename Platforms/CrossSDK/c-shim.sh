#!/usr/bin/env bash
# Usage: c-shim.sh [SOURCE_DIR [OUT_DIR]]
# Compiles every Platforms/CDaemonikerShim/*.c (or SOURCE_DIR/*.c, include/ beside them) with
# -Wall -Wextra -Wpedantic -Werror for each configuration below, against the target's real
# headers. A file that is all `#if` for another OS is an empty translation unit, which
# -Wpedantic rejects: a one-line typedef is force-included (-include) so it is not.
# Exit status: 0 clean; 1 warnings/errors in the code; 2 the harness itself failed (a
# compiler or a header set missing, or an empty file not compiling).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

src="$(cd "${1:-$DK_REPO/Platforms/CDaemonikerShim}" && pwd)"
out="${2:-$DK_XSDK/c-shim}"
rm -rf "$out"
mkdir -p "$out"
echo 'typedef int dk_platform_check_nonempty_unit;' >"$out/nonempty.h"
: >"$out/empty.c"
warnings=(-Wall -Wextra -Wpedantic -Werror)

# The configurations: name, then the compiler command (without flags common to all).
configs=(windows-mingw-gcc windows-clang-msvc macos-x86_64 macos-arm64 freebsd-x86_64)
compiler() {
    local a=()
    case "$1" in
        windows-mingw-gcc) echo x86_64-w64-mingw32-gcc; return ;;
        # No MSVC headers here: MinGW-w64's, in MSVC mode (lib.sh dk_clang_system_args).
        windows-clang-msvc) a=("$CLANG" --target=x86_64-pc-windows-msvc); mapfile -t -O 2 a < <(dk_clang_system_args windows) ;;
        macos-x86_64) a=("$CLANG" --target=x86_64-apple-macosx15.0); mapfile -t -O 2 a < <(dk_clang_system_args macos) ;;
        macos-arm64) a=("$CLANG" --target=arm64-apple-macosx15.0); mapfile -t -O 2 a < <(dk_clang_system_args macos) ;;
        freebsd-x86_64) a=("$CLANG" --target=x86_64-unknown-freebsd14); mapfile -t -O 2 a < <(dk_clang_system_args freebsd) ;;
    esac
    printf '%s\n' "${a[@]}"
}

harness_broken=0
code_errors=0
for config in "${configs[@]}"; do
    mapfile -t cc < <(compiler "$config")
    start="$(dk_now)"
    if ! command -v "${cc[0]}" >/dev/null; then
        dk_log "C $config: compiler ${cc[0]} not found (run .ci/platform/install.sh)"
        harness_broken=1
        continue
    fi
    # Canary: an empty file must compile, or the configuration itself is broken.
    if ! "${cc[@]}" "${warnings[@]}" -include "$out/nonempty.h" -c "$out/empty.c" -o "$out/empty.o" \
        >"$out/$config.canary.log" 2>&1; then
        dk_log "C $config: HARNESS BROKEN: an empty file does not compile; log: $out/$config.canary.log"
        sed -n '1,20p' "$out/$config.canary.log" >&2
        harness_broken=1
        continue
    fi
    failed=()
    for file in "$src"/*.c; do
        name="$(basename "$file" .c)"
        if ! "${cc[@]}" "${warnings[@]}" -include "$out/nonempty.h" -I "$src/include" \
            -c "$file" -o "$out/$config.$name.o" >"$out/$config.$name.log" 2>&1; then
            failed+=("$name")
        fi
    done
    if [ ${#failed[@]} -eq 0 ]; then
        dk_log "C $config: OK ($(dk_elapsed "$start"))"
    else
        code_errors=1
        dk_log "C $config: FAILED in ${failed[*]} ($(dk_elapsed "$start")):"
        for name in "${failed[@]}"; do
            grep -E '(error|warning):' "$out/$config.$name.log" | sed "s|^$DK_REPO/||; s|^|    |" | sort -u >&2
        done
    fi
done
if [ "$harness_broken" -ne 0 ]; then exit 2; fi
if [ "$code_errors" -ne 0 ]; then exit 1; fi
