#!/usr/bin/env bash
# Documentation: builds the DocC catalog of each library module that has one
# (Sources/<Module>/<Module>.docc) with the toolchain's own `docc`, no package dependency, and
# fails on any DocC warning (a broken ``Symbol`` link, in an article or a doc comment) and on
# any public symbol of those modules without a doc comment (.ci/docs-coverage.swift).
#
#   DOCS_SCRATCH_PATH  SwiftPM scratch directory (default .build, shared with `swift build`)
#   DOCS_JOBS          parallel build jobs (default: SwiftPM's)
#   DOCS_OUTPUT        where the .doccarchive directories go (default: a temporary directory,
#                      deleted at the end)
# Exit status: 0 clean; non-zero when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${DOCS_SCRATCH_PATH:-.build}"
spm=(--scratch-path "$scratch")
if [ -n "${DOCS_JOBS:-}" ]; then spm+=(--jobs "$DOCS_JOBS"); fi

swift_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
docc="$swift_bin/docc"
if [ ! -x "$docc" ]; then
    docc="$(command -v docc || true)"
    [ -n "$docc" ] || { echo "docs: no docc next to $swift_bin/swift nor on PATH" >&2; exit 2; }
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/daemoniker-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
output="${DOCS_OUTPUT:-$work/archives}"
mkdir -p "$output"

catalogs=()
for catalog in Sources/*/*.docc; do
    [ -d "$catalog" ] || continue
    module="$(basename "$(dirname "$catalog")")"
    if [ "$(basename "$catalog" .docc)" != "$module" ]; then
        echo "docs: $catalog should be named $module.docc (the catalog of module $module)" >&2
        exit 1
    fi
    catalogs+=("$catalog")
done
[ "${#catalogs[@]}" -gt 0 ] || { echo "docs: no Sources/<Module>/<Module>.docc catalog found" >&2; exit 1; }

# Symbol graphs of every module, public symbols only. Synthesized members (protocol default
# implementations such as `!=`) are left out; extensions of other modules' types get their own
# extension pages, as the swift-docc-plugin does. dump-symbol-graph builds only the non-test
# modules but also extracts the test runner's modules (DaemonikerPackageTests,
# DaemonikerPackageDiscoveredTests), and exits 1 when they are missing: build the tests first
# (`swift test` reuses that build).
graphs="$(dirname "$(swift build "${spm[@]}" --show-bin-path)")/symbolgraph"
rm -rf "$graphs"
echo "== swift build --build-tests"
swift build "${spm[@]}" --build-tests
echo "== swift package dump-symbol-graph"
swift package "${spm[@]}" dump-symbol-graph \
    --minimum-access-level public --skip-synthesized-members --emit-extension-block-symbols \
    > "$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
[ -d "$graphs" ] || { cat "$work/dump.log" >&2; echo "docs: no symbol graphs in $graphs" >&2; exit 2; }

# Every catalog and the coverage are checked, so that one run reports every problem.
failed=0
modules=()
for catalog in "${catalogs[@]}"; do
    module="$(basename "$catalog" .docc)"
    modules+=("$module")
    [ -f "$graphs/$module.symbols.json" ] || { echo "docs: no symbol graph for $module in $graphs" >&2; exit 1; }
    mkdir -p "$work/graphs/$module"
    cp "$graphs/$module.symbols.json" "$work/graphs/$module/"
    for extension in "$graphs/$module"@*.symbols.json; do
        if [ -f "$extension" ]; then cp "$extension" "$work/graphs/$module/"; fi
    done
    echo "== docc convert $catalog"
    "$docc" convert "$catalog" \
        --additional-symbol-graph-dir "$work/graphs/$module" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "daemoniker.$module" \
        --output-dir "$output/$module.doccarchive" \
        --warnings-as-errors || { echo "docs: DocC failed for $catalog" >&2; failed=1; }
done

echo "== documentation coverage: ${modules[*]}"
swift .ci/docs-coverage.swift "$graphs" "${modules[@]}" || failed=1
exit "$failed"
