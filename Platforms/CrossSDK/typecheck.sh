#!/usr/bin/env bash
# Usage: typecheck.sh TARGET [SOURCE_ROOT [OUT_DIR]]
# Type-checks, for TARGET, against the cached stdlib and stand-ins (stdlib.sh, standins.sh):
#   1. Platforms/DaemonikerPlatform as module DaemonikerPlatform (over the clang module
#      CDaemonikerShim, whose module map is generated here as SwiftPM would: an umbrella
#      directory over Platforms/CDaemonikerShim/include);
#   2. the library folders in Sources/ (DaemonikerSignals, Daemoniker, then the tool's library
#      DaemonikerTool) as modules against that;
#   3. every other folder in Sources/ as an executable against all of them.
# Each step runs SILGen and the mandatory SIL diagnostics too (-emit-sil), as a build does,
# with the flags SwiftPM passes in a debug build of this package (Swift 6 mode, package name).
# A module with errors is still emitted (-experimental-allow-module-with-compiler-errors), so
# the library's own errors are found even when the platform layer has some.
# SOURCE_ROOT defaults to the repository (the self-test passes a scratch copy).
# Exit status: 0 clean; 1 errors in the code; 2 the harness itself failed (errors in a
# stand-in, the stdlib or elsewhere outside SOURCE_ROOT, or a compiler crash).
# Errors, de-duplicated as `path:line:col: error: message`: OUT_DIR/errors.txt.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

target="$1"
root="$(cd "${2:-$DK_REPO}" && pwd)"
out="${3:-$DK_XSDK/typecheck/$target}"
rm -rf "$out"
mkdir -p "$out/logs"
: >"$out/errors.txt"

cat >"$out/CDaemonikerShim.modulemap" <<MAP
module CDaemonikerShim {
  umbrella "$root/Platforms/CDaemonikerShim/include"
  export *
}
MAP

mapfile -t base < <(dk_swift_flags "$target")
base+=(-swift-version 6 -package-name daemoniker -D SWIFT_PACKAGE -D DEBUG -Onone -enable-testing
    -diagnostic-style llvm -Xcc "-fmodule-map-file=$out/CDaemonikerShim.modulemap" -I "$out")

harness_broken=0
code_errors=0

# step NAME KIND(library|executable) DIR: one module.
step() {
    local name="$1" kind="$2" dir="$3"
    local files=() start status=0
    mapfile -t files < <(find "$dir" -name '*.swift' | LC_ALL=C sort)
    if [ ${#files[@]} -eq 0 ]; then
        dk_log "typecheck $target: $name has no Swift files"
        return 0
    fi
    # SwiftPM's module name for a target: its name with non-identifier characters as `_`.
    local module="${name//[^A-Za-z0-9_]/_}"
    local args=(-emit-sil -o /dev/null -module-name "$module")
    if [ "$kind" = library ]; then
        args+=(-parse-as-library -emit-module-path "$out/$module.swiftmodule"
            -experimental-allow-module-with-compiler-errors)
    elif [ ! -f "$dir/main.swift" ]; then
        args+=(-parse-as-library)  # an @main executable, as SwiftPM builds it
    fi
    start="$(dk_now)"
    "$SWIFT_FRONTEND" "${args[@]}" "${base[@]}" "${files[@]}" >"$out/logs/$name.log" 2>&1 || status=$?
    local errors
    errors="$(grep -E '^[^ ].*:[0-9]+:[0-9]+: error: ' "$out/logs/$name.log" | LC_ALL=C sort -u || true)"
    if [ "$status" -ge 128 ]; then
        harness_broken=1
        dk_log "typecheck $target: $name: the compiler CRASHED (status $status); log: $out/logs/$name.log"
    fi
    if [ -n "$errors" ]; then
        printf '%s\n' "$errors" >>"$out/errors.txt"
        # Errors located outside the sources under test mean a broken stand-in or stdlib.
        if printf '%s\n' "$errors" | grep -vq "^$root/"; then
            harness_broken=1
            dk_log "typecheck $target: $name: errors OUTSIDE the sources (harness problem):"
            printf '%s\n' "$errors" | grep -v "^$root/" | sed 's/^/    /' >&2
        fi
        local ours
        ours="$(printf '%s\n' "$errors" | grep "^$root/" || true)"
        if [ -n "$ours" ]; then
            code_errors=1
            dk_log "typecheck $target: $name: $(printf '%s\n' "$ours" | wc -l) error(s) in the code ($(dk_elapsed "$start")):"
            printf '%s\n' "$ours" | sed "s|^$root/|    |" >&2
        fi
    elif [ "$status" -ne 0 ]; then
        harness_broken=1
        dk_log "typecheck $target: $name: compiler failed with no error message (status $status); log: $out/logs/$name.log"
        tail -20 "$out/logs/$name.log" >&2
    else
        dk_log "typecheck $target: $name OK ($(dk_elapsed "$start"))"
    fi
}

step DaemonikerPlatform library "$root/Platforms/DaemonikerPlatform"
libraries=(DaemonikerSignals Daemoniker DaemonikerTool)  # in dependency order
for name in "${libraries[@]}"; do
    [ ! -d "$root/Sources/$name" ] || step "$name" library "$root/Sources/$name"
done
for dir in "$root"/Sources/*/; do
    name="$(basename "$dir")"
    [[ " ${libraries[*]} " != *" $name "* ]] || continue
    step "$name" executable "$dir"
done

if [ "$harness_broken" -ne 0 ]; then exit 2; fi
if [ "$code_errors" -ne 0 ]; then exit 1; fi
exit 0
