#!/usr/bin/env bash
# Usage: .ci/systemd/daemoniker-smoke.sh [DAEMONIKER]
# The tool's own systemd unit under a real systemd: `daemoniker generate systemd` writes a
# Type=notify unit (`daemoniker run --ready tcp:...` around a small python3 HTTP server that
# handles SIGHUP), which is installed, enabled and started in the booted container, then checked
# from the host: `systemctl start` returns only once the port answers, MainPID is daemoniker's,
# reload reaches the program and keeps it, a SIGKILLed program is restarted (NRestarts=1), and
# stop ends it cleanly (Result=success).
# DAEMONIKER defaults to the built tool (`swift build --show-bin-path`); its folder is bound at the
# same path inside. /opt/swift is bound read-only too (a debug build finds the Swift runtime there
# through its RUNPATH); with DK_SYSTEMD_SWIFT= (empty) it is not, and the binary must be built
# with --static-swift-stdlib. Needs the root (rootfs.sh). Exit status: 0 passed; 1 a check failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=.ci/systemd/lib.sh
source "$here/lib.sh"

tool="${1:-$(cd "$DK_SYSTEMD_REPO" && swift build --show-bin-path)/daemoniker}"
[ -x "$tool" ] || { dk_systemd_log "daemoniker-smoke: $tool is not built"; exit 1; }
tool="$(readlink -f "$tool")"
passed=0
fail() {
    dk_systemd_log "FAILED: $*"
    if [ -n "$DK_SYSTEMD_INIT_PID" ]; then
        dk_systemd_exec journalctl -u dk-smoke --no-pager -n 30 >&2 2>/dev/null || true
    fi
    exit 1
}
ok() {
    passed=$((passed + 1))
    dk_systemd_log "ok: $*"
}
expect() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; }
prop() { dk_systemd_exec systemctl show -p "$1" --value dk-smoke.service; }
prop_is() { [ "$(prop "$1")" = "$2" ]; }

# What the binary needs from outside the container's root.
if [ -z "$DK_SYSTEMD_SWIFT" ] && ldd "$tool" | grep -q "/opt/swift/"; then
    fail "$tool needs the Swift runtime from /opt/swift (build it with --static-swift-stdlib, or leave DK_SYSTEMD_SWIFT set)"
fi

# The checks from the host use curl.
if ! command -v curl >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi
bash "$here/rootfs.sh" >/dev/null
dk_systemd_boot "$(dirname "$tool")"
dk_systemd_exec "$tool" --help >/dev/null || fail "$tool does not run inside the container"
ok "$tool runs inside ($(if [ -n "$DK_SYSTEMD_SWIFT" ]; then echo "$DK_SYSTEMD_SWIFT bound"; else echo "no /opt/swift"; fi))"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
program="import signal, http.server as h; signal.signal(signal.SIGHUP, lambda *a: print('reloaded (SIGHUP)', flush=True)); h.HTTPServer(('127.0.0.1', $port), h.SimpleHTTPRequestHandler).serve_forever()"
"$tool" generate systemd --name dk-smoke --ready "tcp:127.0.0.1:$port" -- /usr/bin/python3 -c "$program" \
    >"$DK_SYSTEMD_RUN/dk-smoke.service"
grep -q '^Type=notify$' "$DK_SYSTEMD_RUN/dk-smoke.service" || fail "the generated unit is not Type=notify"
dk_systemd_exec sh -c 'cat >/etc/systemd/system/dk-smoke.service' <"$DK_SYSTEMD_RUN/dk-smoke.service"
dk_systemd_exec systemctl daemon-reload
dk_systemd_exec systemd-analyze verify /etc/systemd/system/dk-smoke.service \
    || fail "systemd-analyze verify (inside) rejects the generated unit"

step="$(dk_systemd_now)"
dk_systemd_exec systemctl enable --quiet --now dk-smoke.service || fail "systemctl enable --now dk-smoke"
start_time="$(dk_systemd_elapsed "$step")"
# Type=notify: READY=1 only once the port accepts, so the first try from the host must answer.
curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$port/" \
    || fail "127.0.0.1:$port does not answer right after systemctl start returned"
main_pid="$(prop MainPID)"
expect "comm of MainPID" "$(dk_systemd_exec cat "/proc/$main_pid/comm")" daemoniker
expect ActiveState "$(prop ActiveState)" active
expect NRestarts "$(prop NRestarts)" 0
ok "Type=notify: start returned in $start_time with the port answering; MainPID=$main_pid (daemoniker run)"

dk_systemd_exec systemctl reload dk-smoke.service || fail "systemctl reload dk-smoke"
reloaded() { dk_systemd_exec journalctl -u dk-smoke --no-pager -q | grep -q 'reloaded (SIGHUP)'; }
dk_systemd_wait 10 reloaded || fail "the program did not see the reload's SIGHUP"
expect "MainPID after reload" "$(prop MainPID)" "$main_pid"
expect "ActiveState after reload" "$(prop ActiveState)" active
curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$port/" || fail "no answer after reload"
ok "reload: SIGHUP reached the program; same MainPID, active, still answering"

# SIGKILL to the program (daemoniker run's child): run exits non-zero, Restart=on-failure.
child="$(dk_systemd_exec cat /run/dk-smoke/dk-smoke.pid)"
# The shell's builtin kill: minbase has no procps (no kill, ps, pgrep).
# shellcheck disable=SC2016
dk_systemd_exec sh -c 'kill -KILL "$1"' _ "$child"
restarted() { prop_is NRestarts 1 && prop_is ActiveState active; }
dk_systemd_wait 20 restarted || fail "not restarted: NRestarts=$(prop NRestarts) ActiveState=$(prop ActiveState)"
curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$port/" || fail "no answer after the restart"
ok "program SIGKILLed: restarted (NRestarts=1), answering again, MainPID=$(prop MainPID)"

dk_systemd_exec systemctl stop dk-smoke.service
expect "ActiveState after stop" "$(prop ActiveState)" inactive
expect "Result after stop" "$(prop Result)" success
if curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    fail "127.0.0.1:$port still answers after stop"
fi
ok "stop: inactive, Result=success (ExecMainCode=$(prop ExecMainCode) ExecMainStatus=$(prop ExecMainStatus)), port closed"

dk_systemd_shutdown
leftovers="$(dk_systemd_leftovers)" || fail "processes of the container left: $leftovers"
echo "systemd-smoke: $passed passed, 0 failed"
