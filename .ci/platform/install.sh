#!/usr/bin/env bash
# Installs what the platform stage needs, on a machine that has only the Swift toolchain:
# MinGW-w64 (gcc and the Windows headers), Wine (runs the Windows C), Debian's clang-format (the
# C format check, .ci/c-lint.sh; the toolchain has none), and PyPI's ziglang, which ships the real
# macOS and FreeBSD libc headers. Idempotent: skips what is already there.
set -euo pipefail

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev)
command -v wine >/dev/null || need_apt+=(wine wine64)
command -v clang-format >/dev/null || need_apt+=(clang-format)
if [ ${#need_apt[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

zig_version=0.15.2
if ! python3 -c "import ziglang" 2>/dev/null \
    || [ "$(python3 -m pip show ziglang 2>/dev/null | sed -n 's/^Version: //p')" != "$zig_version" ]; then
    python3 -m pip install -q --disable-pip-version-check "ziglang==$zig_version"
fi
