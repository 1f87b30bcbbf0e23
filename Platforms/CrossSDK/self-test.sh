#!/usr/bin/env bash
# Usage: self-test.sh
# Shows the stage fails when it should, on scratch copies in $DK_XSDK/selftest (the real tree
# is never touched). Needs stdlib.sh and standins.sh for windows first.
#   a. a Windows-layer member that the library calls is renamed away -> the Windows
#      type-check must report an error in Sources/Daemoniker;
#   b. a Win32 call gets an Int32 where a HANDLE is expected -> it must report that call;
#   c. a C file with an unused variable -> every C configuration must fail on it.
# Exit status: 0 when every broken copy failed as expected; 1 when one passed (the stage
# would miss real errors); 2 when the harness itself broke.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

work="$DK_XSDK/selftest"
rm -rf "$work"
mkdir -p "$work"
status=0

scratch() {  # scratch NAME: a copy of the sources the type-check reads
    mkdir -p "$work/$1"
    cp -r "$DK_REPO/Sources" "$DK_REPO/Platforms" "$work/$1/"
}

# a. Pick a `package static func NAME(` of the Windows layer that the library calls as
#    `Platform.NAME(`, and rename its declaration.
scratch a
member="$(python3 - "$work/a" <<'PY'
import re, sys, pathlib
root = pathlib.Path(sys.argv[1])
declared = []
for f in sorted((root / "Platforms/DaemonikerPlatform/Windows").glob("*.swift")):
    declared += re.findall(r"package static func (\w+)\(", f.read_text())
used = "\n".join(f.read_text() for f in sorted((root / "Sources/Daemoniker").rglob("*.swift")))
for name in declared:
    if re.search(r"\bPlatform\." + name + r"\(", used):
        print(name)
        break
PY
)"
if [ -z "$member" ]; then
    dk_log "self-test a: HARNESS: no Windows-layer function called by the library found"
    exit 2
fi
grep -rl "package static func $member(" "$work/a/Platforms/DaemonikerPlatform/Windows" | while read -r f; do
    sed -i "s/package static func $member(/package static func ${member}RemovedBySelfTest(/" "$f"
done
rc=0
"$DK_CROSS_SDK/typecheck.sh" windows "$work/a" "$work/a.out" 2>"$work/a.log" || rc=$?
if [ "$rc" -eq 2 ]; then
    dk_log "self-test a: HARNESS BROKEN (see $work/a.log)"; status=2
elif grep -q "^$work/a/Sources/Daemoniker/.*error: .*$member" "$work/a.out/errors.txt"; then
    dk_log "self-test a: OK: removing Platform.$member (Windows) fails the library's Windows type-check"
else
    dk_log "self-test a: FAILED: Platform.$member removed from the Windows layer, yet no library error"
    [ "$status" -ne 0 ] || status=1
fi

# b. A wrong argument type to a Win32 function, in a scratch file of the Windows layer.
scratch b
cat >"$work/b/Platforms/DaemonikerPlatform/Windows/SelfTest+Windows.swift" <<'SWIFT'
#if os(Windows)
    import WinSDK

    func selfTestWrongHandleType() {
        let handle: HANDLE = INVALID_HANDLE_VALUE
        let closedRight: Bool = CloseHandle(handle)  // the right call type-checks (Bool result)
        let descriptor: Int32 = 3
        _ = CloseHandle(descriptor)  // the wrong one: an Int32 where a HANDLE is expected
        _ = closedRight
    }
#endif
SWIFT
rc=0
"$DK_CROSS_SDK/typecheck.sh" windows "$work/b" "$work/b.out" 2>"$work/b.log" || rc=$?
file_errors="$(grep "SelfTest+Windows.swift" "$work/b.out/errors.txt" || true)"
if [ "$rc" -eq 2 ]; then
    dk_log "self-test b: HARNESS BROKEN (see $work/b.log)"; status=2
elif printf '%s\n' "$file_errors" | grep -q ':8:.*Int32.*HANDLE' \
    && ! printf '%s\n' "$file_errors" | grep -q ':6:'; then
    dk_log "self-test b: OK: CloseHandle(Int32) fails, CloseHandle(HANDLE) -> Bool passes"
else
    dk_log "self-test b: FAILED: expected exactly one error, at line 8 (Int32 for HANDLE); got:"
    printf '%s\n' "${file_errors:-    (none)}" >&2
    [ "$status" -ne 0 ] || status=1
fi

# c. A C warning: every configuration must turn it into a failure.
mkdir -p "$work/c/include"
cat >"$work/c/warning.c" <<'C'
int dk_self_test_warning(int x);
int dk_self_test_warning(int x) {
    int unused;
    return x;
}
C
rc=0
"$DK_CROSS_SDK/c-shim.sh" "$work/c" "$work/c.out" 2>"$work/c.log" || rc=$?
failed_configs="$(grep -c 'FAILED in warning' "$work/c.log" || true)"
if [ "$rc" -eq 2 ]; then
    dk_log "self-test c: HARNESS BROKEN (see $work/c.log)"; status=2
elif [ "$rc" -eq 1 ] && [ "$failed_configs" -eq 5 ]; then
    dk_log "self-test c: OK: an unused variable fails all 5 C configurations"
else
    dk_log "self-test c: FAILED: an unused variable failed $failed_configs of 5 C configurations"
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
