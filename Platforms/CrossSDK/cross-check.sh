#!/usr/bin/env bash
# The cross-SDK check: proves the code compiles for Windows, macOS and FreeBSD on a Linux
# machine with no Swift SDK for them (README.md). CI runs it as .ci/platform/cross-check.sh.
#   1. C shim: -Wall -Wextra -Wpedantic -Werror, MinGW gcc, clang MSVC mode, macOS x86_64
#      and arm64, FreeBSD x86_64, against real headers (c-shim.sh); the same for the test
#      helper's C (Tests/CTestSupport), which SwiftPM builds on every OS too;
#   2. Swift: the stdlib recompiled from the toolchain's interfaces per target (stdlib.sh),
#      stand-ins for the SDK modules (standins.sh), then DaemonikerPlatform, Daemoniker and
#      every Sources/* executable type-checked per target (typecheck.sh);
#   3. a self-test that broken copies fail (self-test.sh).
# Cache: ${DK_XSDK:-<repo>/.build-xsdk}. Exit status: 0 all clean; 1 errors in the code;
# 2 the harness itself is broken (a missing tool, a stand-in or stdlib module not building).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$DK_REPO"

total="$(dk_now)"
results=()
worst=0
record() {  # record STAGE STATUS
    local word
    case "$2" in 0) word="pass" ;; 1) word="ERRORS IN THE CODE" ;; *) word="HARNESS BROKEN" ;; esac
    results+=("$(printf '%-34s %s' "$1" "$word")")
    if [ "$2" -eq 2 ] || { [ "$2" -ne 0 ] && [ "$worst" -eq 0 ]; }; then worst="$2"; fi
}
run() {  # run STAGE COMMAND...: runs, times and records one stage
    local stage="$1" start rc=0; shift
    start="$(dk_now)"
    echo "== $stage" >&2
    "$@" || rc=$?
    [ "$rc" -le 2 ] || rc=2
    dk_log "$stage: $(dk_elapsed "$start")"
    record "$stage" "$rc"
    return 0
}

# Prerequisites (install.sh installs them).
missing=()
[ -x "$SWIFT_FRONTEND" ] || missing+=("$SWIFT_FRONTEND")
[ -x "$CLANG" ] || missing+=("$CLANG")
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(x86_64-w64-mingw32-gcc)
for dir in "$ZIG_WINDOWS" "$ZIG_MACOS" "${ZIG_FREEBSD[@]}"; do [ -d "$dir" ] || missing+=("$dir"); done
if [ ${#missing[@]} -gt 0 ]; then
    dk_log "HARNESS BROKEN: missing ${missing[*]} (run .ci/platform/install.sh)"
    exit 2
fi

run "C shim" "$DK_CROSS_SDK/c-shim.sh"
run "C test support" "$DK_CROSS_SDK/c-shim.sh" "$DK_REPO/Tests/CTestSupport" "$DK_XSDK/c-test-support"

# The stdlib recompiles dominate a cold run: two targets at a time on two cores.
start="$(dk_now)"
echo "== stdlib interfaces" >&2
declare -A stdlib_rc
pids=()
for target in "${DK_TARGETS[@]}"; do
    "$DK_CROSS_SDK/stdlib.sh" "$target" &
    pids+=("$!:$target")
    if [ ${#pids[@]} -ge 2 ]; then
        entry="${pids[0]}"; pids=("${pids[@]:1}")
        rc=0; wait "${entry%%:*}" || rc=$?; stdlib_rc[${entry#*:}]=$rc
    fi
done
for entry in "${pids[@]}"; do rc=0; wait "${entry%%:*}" || rc=$?; stdlib_rc[${entry#*:}]=$rc; done
dk_log "stdlib interfaces: $(dk_elapsed "$start")"

for target in "${DK_TARGETS[@]}"; do
    if [ "${stdlib_rc[$target]}" -ne 0 ]; then
        record "$target: stdlib" 2
        continue
    fi
    rc=0
    run "$target: stand-ins" "$DK_CROSS_SDK/standins.sh" "$target"
    case "${results[-1]}" in *pass) ;; *) continue ;; esac
    run "$target: type-check" "$DK_CROSS_SDK/typecheck.sh" "$target"
done

if [ "${stdlib_rc[windows]}" -eq 0 ] && [ -f "$DK_XSDK/standins/windows/.stamp" ]; then
    run "self-test" "$DK_CROSS_SDK/self-test.sh"
else
    record "self-test" 2
fi

echo >&2
echo "== platform stage summary ($(dk_elapsed "$total"))" >&2
printf '  %s\n' "${results[@]}" >&2
exit "$worst"
