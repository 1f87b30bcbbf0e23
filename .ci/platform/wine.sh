#!/usr/bin/env bash
# The Windows C of the shim (Platforms/CDaemonikerShim/windows_*.c and the shared frame.c and identity.c),
# compiled and run under Wine:
#  1. compile checks: MinGW gcc and clang in MSVC mode, warnings as errors;
#  2. the test programs in Tests/CShimTests/Windows/*_test.c (harness: Tests/CShimTests/check.h),
#     each linked with the shim's own Windows sources (not copies), built with MinGW gcc and run
#     under Wine in a prefix of their own.
# Builds into ${DK_WINE_CACHE:-<repo>/.build-wine}. Prints "N passed, N failed"; exits non-zero
# on any failure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${DK_WINE_CACHE:-$repo/.build-wine}"
shim="$repo/Platforms/CDaemonikerShim"
tests="$repo/Tests/CShimTests/Windows"
gcc="${DK_MINGW_GCC:-x86_64-w64-mingw32-gcc}"
clang="${DK_CLANG:-/opt/swift/usr/bin/clang}"
mkdir -p "$cache/bin" "$cache/run"

export WINEPREFIX="$cache/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1"; }

warnings=(-std=c11 -Wall -Wextra -Wpedantic -Werror)
sources=("$shim"/windows_*.c "$shim"/frame.c "$shim"/identity.c)

echo "== compile: MinGW gcc ($($gcc -dumpversion)), ${warnings[*]}"
for source in "${sources[@]}"; do
    name="$(basename "$source" .c)"
    if "$gcc" "${warnings[@]}" -I"$shim/include" -c "$source" -o "$cache/bin/$name.o"; then
        pass "gcc: $name.c"
    else
        fail "gcc: $name.c"
    fi
done

# The MinGW-w64 headers are the only Windows headers here. Without __GNUC__ they define
# __attribute__(x) as nothing (which strips vector_size from clang's own intrinsic headers that
# winnt.h includes) and put __declspec(noreturn) after declarators, which no MSVC-mode compiler
# accepts; -fgnuc-version makes clang define __GNUC__ while staying in MSVC mode (_MSC_VER,
# .CRT$XCU, #pragma comment), so the headers take their GCC paths and our code its MSVC path.
# (i686 in MSVC mode is not checked: with these headers PCONTEXT and _ALLOCA_S_MARKER_SIZE stay
# undefined there, whatever our code does.)
if [ -x "$clang" ]; then
    for target in x86_64-pc-windows-msvc aarch64-pc-windows-msvc; do
        echo "== compile: clang --target=$target"
        for source in "${sources[@]}"; do
            name="$(basename "$source" .c)"
            if "$clang" --target="$target" -fgnuc-version=4.2.1 -isystem /usr/share/mingw-w64/include \
                "${warnings[@]}" -I"$shim/include" -c "$source" -o "$cache/bin/$name.$target.o"; then
                pass "clang $target: $name.c"
            else
                fail "clang $target: $name.c"
            fi
        done
    done
    objdump="$(dirname "$clang")/llvm-objdump"
    object="$cache/bin/windows_sentinel.x86_64-pc-windows-msvc.o"
    if [ -x "$objdump" ] && [ -f "$object" ]; then
        if "$objdump" -r "$object" | grep -A2 'RELOCATION RECORDS FOR \[.CRT\$XCU\]' | grep -q dk_sentinel_entry &&
            "$objdump" -s -j .drectve "$object" | grep -q '/include:dk_sen'; then
            pass "clang msvc: sentinel entry in .CRT\$XCU, kept by /include"
        else
            fail "clang msvc: sentinel entry in .CRT\$XCU, kept by /include"
        fi
    fi
else
    echo "== clang not found at $clang: MSVC-mode compile check skipped"
fi

echo "== build the Wine tests"
build() { # build <exe name> <test source> [extra flags...]
    local exe="$1" source="$2"
    shift 2
    if "$gcc" "${warnings[@]}" "$@" -I"$shim/include" -o "$cache/bin/$exe.exe" "$tests/$source" "${sources[@]}"; then
        return 0
    fi
    fail "build $exe"
    return 1
}
programs=()
for source in lock_test.c sentinel_test.c relay_test.c stdio_test.c spawn_test.c console_test.c identity_test.c \
    service_test.c stop_test.c service_install_test.c; do
    build "${source%.c}" "$source" && programs+=("${source%.c}")
done
build sentinel_test_crt_section sentinel_test.c -DDK_SENTINEL_CRT_SECTION && programs+=(sentinel_test_crt_section)
# The UCRT (what Swift on Windows links) instead of msvcrt: the same specs with -lucrt.
if [ -f "$("$gcc" -print-file-name=libucrt.a)" ]; then
    "$gcc" -dumpspecs | sed 's/-lmsvcrt/-lucrt/g' >"$cache/bin/ucrt.specs"
    build stdio_test_ucrt stdio_test.c -specs="$cache/bin/ucrt.specs" -D_UCRT -D__MSVCRT_VERSION__=0x0E00 &&
        programs+=(stdio_test_ucrt)
    build relay_test_ucrt relay_test.c -specs="$cache/bin/ucrt.specs" -D_UCRT -D__MSVCRT_VERSION__=0x0E00 &&
        programs+=(relay_test_ucrt)
fi

echo "== Wine prefix $WINEPREFIX ($(wine --version 2>/dev/null))"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    started=$SECONDS
    timeout 150 wineboot --init >/dev/null 2>&1 || true
    timeout 60 wineserver -w || true
    echo "   initialised in $((SECONDS - started)) s"
fi

# No display here: Wine's null graphics driver still runs windows and their message loops
# (stop_test's hidden window that closes on WM_CLOSE). Read when the prefix starts: wait for
# this one to shut down.
wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1 || true
timeout 60 wineserver -w || true

echo "== run"
for program in "${programs[@]}"; do
    directory="$cache/run/$program"
    rm -rf "$directory"
    mkdir -p "$directory"
    started=$SECONDS
    status=0
    limit=90
    # The service test's 20 s start and its 70 service processes take about 35 s unloaded.
    if [ "$program" = service_test ]; then limit=240; fi
    if { [ "$program" = console_test ] || [ "$program" = stop_test ]; } && command -v script >/dev/null; then
        # Under a pseudo-terminal Wine gives the process a console, so real console control
        # events can be generated; the output goes to a file, not to the terminal.
        (cd "$directory" && timeout "$limit" script -qec "wine '$cache/bin/$program.exe' >output.txt 2>&1" /dev/null \
            </dev/null >/dev/null) || status=$?
    else
        (cd "$directory" && timeout "$limit" wine "$cache/bin/$program.exe" </dev/null >output.txt 2>&1) || status=$?
    fi
    sed 's/^/   /' "$directory/output.txt" || true
    if [ "$status" = 0 ]; then
        pass "$program ($((SECONDS - started)) s)"
    else
        fail "$program (exit $status, $((SECONDS - started)) s)"
    fi
done

# Every test stops what it starts; a process left running keeps the wineserver alive.
if timeout 30 wineserver -w; then
    pass "no process left running in the prefix"
else
    fail "no process left running in the prefix (ending them)"
    wineserver -k || true
fi

echo
echo "$passed passed, $failed failed"
for failure in "${failures[@]+"${failures[@]}"}"; do echo "  failed: $failure"; done
[ "$failed" = 0 ]
