#!/usr/bin/env bash
# Usage: generate-check.sh [DAEMONIKER]
# Checks `daemoniker generate` with the real tools that read each definition: systemd-analyze
# verify for the systemd units (Type=notify and Type=exec), python3's plistlib for the launchd
# property list, `sh -n` for the OpenRC and rc.d scripts, python3's XML parser for the Windows
# (WinSW) configuration. Installs systemd (for systemd-analyze) and python3 with apt-get when
# they are missing. DAEMONIKER defaults to the built tool (`swift build --show-bin-path`).
# Exit status: 0 every definition passed; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v systemd-analyze >/dev/null || ! command -v python3 >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends systemd python3 >/dev/null
fi

tool="${1:-$(swift build --show-bin-path)/daemoniker}"
[ -x "$tool" ] || { echo "generate-check: $tool is not built; run swift build first" >&2; exit 1; }
# systemd-analyze verify wants ExecStart's binary to exist: the tool itself, and a real program.
program="$(command -v python3)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
check() {  # name, command...
    local name="$1"; shift
    if "$@" >"$work/$name.out" 2>&1; then
        echo "ok: $name"
    else
        echo "FAILED: $name"; cat "$work/$name.out"; failed=1
    fi
}

"$tool" generate systemd --name dk-notify --ready tcp:127.0.0.1:8080 --user root --umask 027 \
    --env 'GREETING=hello $USER 100%' --log /var/log/dk.log -- "$program" -m http.server 8080 \
    >"$work/dk-notify.service"
grep -q '^Type=notify$' "$work/dk-notify.service"
check "systemd-analyze verify (Type=notify)" systemd-analyze verify "$work/dk-notify.service"
"$tool" generate systemd --name dk-exec -- "$program" -m http.server 8080 >"$work/dk-exec.service"
grep -q '^Type=exec$' "$work/dk-exec.service"
check "systemd-analyze verify (Type=exec)" systemd-analyze verify "$work/dk-exec.service"

"$tool" generate launchd --name dk.plist --env 'A=<&>' --user nobody -- "$program" -m http.server \
    >"$work/dk.plist"
check "plistlib (launchd)" python3 -c \
    'import plistlib,sys; p=plistlib.load(open(sys.argv[1],"rb")); assert p["Label"]=="dk.plist" and p["ProgramArguments"][1]=="run"' \
    "$work/dk.plist"

for manager in openrc rc.d; do
    "$tool" generate "$manager" --name dk-rc --ready http://127.0.0.1:8080/ -- sh -c "echo 'it''s'" \
        >"$work/$manager"
    check "sh -n ($manager)" sh -n "$work/$manager"
done

"$tool" generate windows-service --name dk-win -- 'C:\Tools\web.exe' --root 'C:\Program Files\web' \
    >"$work/dk-win.xml"
check "XML (windows-service)" python3 -c \
    'import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); assert r.find("id").text=="dk-win"' \
    "$work/dk-win.xml"

exit "$failed"
