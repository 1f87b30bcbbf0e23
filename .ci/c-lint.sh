#!/usr/bin/env bash
# The C stage's lint: every .c/.h of the project formatted as .clang-format says (Debian's
# clang-format 14, installed by .ci/platform/install.sh), and the shim, the test helper's C and
# the shim's POSIX C tests compiled natively with the toolchain's clang, warnings as errors. (The
# other OSes' compilers see the same C, and the Windows C tests, in .ci/platform/cross-check.sh
# and .ci/platform/wine.sh.)
# The stand-in SDK headers in Platforms/CrossSDK/standins are left out of the format check: they
# are lists of the SDK's own headers, in an order that matters.
# Exit status: 0 clean; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
clang="${DK_CLANG:-/opt/swift/usr/bin/clang}"
clang_format="${DK_CLANG_FORMAT:-clang-format}"
status=0

mapfile -t files < <(find . \( -name '.build*' -o -name .git -o -path ./Platforms/CrossSDK/standins \) -prune -o \
    -type f \( -name '*.c' -o -name '*.h' \) -print | LC_ALL=C sort)
echo "== clang-format --dry-run --Werror ($("$clang_format" --version | sed 's/.*version //'), ${#files[@]} files)"
if ! command -v "$clang_format" >/dev/null; then
    echo "c-lint: $clang_format not found (run .ci/platform/install.sh)" >&2
    exit 1
fi
if ! "$clang_format" --dry-run --Werror "${files[@]}"; then
    echo "c-lint: not formatted; run: clang-format -i <file>" >&2
    status=1
fi

# A file that is all `#if` for another OS (windows_*.c here) is an empty translation unit, which
# -Wpedantic reports: that one diagnostic is allowed, on purpose.
flags=(-std=gnu11 -Wall -Wextra -Wpedantic -Werror -Wno-empty-translation-unit -fsyntax-only)
compile() {  # compile NAME FILE... (with the include flags in `includes`)
    local name="$1" file failed=0
    shift
    for file in "$@"; do
        "$clang" "${flags[@]}" "${includes[@]}" "$file" || failed=1
    done
    if [ "$failed" -eq 0 ]; then
        echo "ok   $name ($# files)"
    else
        echo "FAIL $name"
        status=1
    fi
}
echo "== native compile: $("$clang" --version | head -1), ${flags[*]}"
includes=(-I Platforms/CDaemonikerShim/include)
compile "Platforms/CDaemonikerShim" Platforms/CDaemonikerShim/*.c
includes=(-I Tests/CTestSupport/include)
compile "Tests/CTestSupport" Tests/CTestSupport/*.c
includes=(-iquote Platforms/CDaemonikerShim -I Platforms/CDaemonikerShim/include)
compile "Tests/CShimTests/POSIX" Tests/CShimTests/POSIX/*.c
exit "$status"
