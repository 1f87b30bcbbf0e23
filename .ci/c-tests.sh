#!/usr/bin/env bash
# Usage: c-tests.sh [SHIM_DIR [OUT_DIR]]
# The POSIX C tests of the shim (Tests/CShimTests/POSIX/*_test.c): each test program is compiled
# with the toolchain's clang against the shim's own sources in SHIM_DIR (default
# Platforms/CDaemonikerShim; another directory, e.g. an older copy, shows what the tests find
# there), with AddressSanitizer and UndefinedBehaviorSanitizer, and run. The tests use real
# processes, pipes and descriptors; a test that needs an allocation or the first child's second
# fork to fail compiles the shim file under test into itself (#include) so that only that file's
# calls are redirected (Tests/CShimTests/check.h). The Windows C tests beside them
# (Tests/CShimTests/Windows) run under Wine: .ci/platform/wine.sh.
# Builds into OUT_DIR (default .build-ctests). Exit status: 0 all passed; 1 otherwise.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shim="$(cd "${1:-$repo/Platforms/CDaemonikerShim}" && pwd)"
out="${2:-$repo/.build-ctests}"
tests="$repo/Tests/CShimTests/POSIX"
clang="${DK_CLANG:-/opt/swift/usr/bin/clang}"
mkdir -p "$out"

flags=(-std=gnu11 -Wall -Wextra -Wpedantic -Werror -g -O1 -fno-omit-frame-pointer
    -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fuse-ld=lld -iquote "$shim" -I "$shim/include" -pthread)
# Each test and the shim sources it links (those it compiles in itself are not listed).
programs=(
    "frame_test:frame.c process.c signal_actions.c cleanup.c"
    "descriptors_test:signal_actions.c cleanup.c"
    "arguments_test:"
    "logs_test:"
    "detach_test:frame.c process.c signal_actions.c cleanup.c"
    "spawn_child_test:spawn.c frame.c process.c signal_actions.c cleanup.c"
)

# Leak checking needs ptrace, which containers often refuse; the tests count what the code
# under test allocates themselves.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

passed=0
failed=0
failures=()
for entry in "${programs[@]}"; do
    name="${entry%%:*}"
    read -r -a linked <<<"${entry#*:}"
    sources=("$tests/$name.c")
    for file in "${linked[@]+"${linked[@]}"}"; do sources+=("$shim/$file"); done
    echo "== $name"
    if ! "$clang" "${flags[@]}" -o "$out/$name" "${sources[@]}"; then
        failed=$((failed + 1))
        failures+=("$name (does not build)")
        continue
    fi
    if (cd "$out" && timeout 120 "./$name"); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures+=("$name")
    fi
done
echo
echo "C tests: $passed passed, $failed failed"
for failure in "${failures[@]+"${failures[@]}"}"; do echo "  failed: $failure"; done
[ "$failed" = 0 ]
