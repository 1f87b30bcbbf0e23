#!/usr/bin/env bash
# Usage: .ci/systemd/checks.sh [DAEMONIKER [EXAMPLE]]
# The product under a real systemd (booted in a container, lib.sh):
# 1. The tool's generated unit (`daemoniker generate systemd --reload`, Type=notify around a small
#    python3 HTTP server that handles SIGHUP): `systemctl start` returns only once the port
#    answers, MainPID is daemoniker's keeper, reload reaches the program and keeps it, a SIGKILLed
#    program is restarted (NRestarts=1), and stop is a clean stop (Result=success, the keeper
#    killed by SIGTERM, no SuccessExitStatus= in the unit).
# 2. A program without a SIGHUP handler (python3 -m http.server): its unit with --reload reloads
#    nothing and fails the reload, the program still serving, not restarted; without --reload
#    systemd says the unit cannot reload.
# 3. A library daemon (daemoniker-example, .automatic) as a Type=notify service: active with its
#    own MainPID, and `systemctl stop` gives Result=success.
# DAEMONIKER and EXAMPLE default to the built products (`swift build --show-bin-path`); their
# folders are bound at the same path inside. /opt/swift is bound read-only too (a debug build
# finds the Swift runtime there through its RUNPATH); with DK_SYSTEMD_SWIFT= (empty) it is not,
# and the binaries must be built with --static-swift-stdlib. DK_SYSTEMD_ONLY=tool runs part 1
# only. Needs the root (rootfs.sh). Exit status: 0 passed; 1 a check failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=.ci/systemd/lib.sh
source "$here/lib.sh"

bin="$(cd "$DK_SYSTEMD_REPO" && swift build --show-bin-path)"
tool="$(readlink -f "${1:-$bin/daemoniker}")"
example="$(readlink -f "${2:-$bin/daemoniker-example}")"
[ -x "$tool" ] || { dk_systemd_log "checks: $tool is not built"; exit 1; }
unit=dk-smoke
prop_is() { [ "$(prop "$1")" = "$2" ]; }
answers() { curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$1/"; }
# Writes the unit on standard input as $unit.service inside, and enables and starts it.
install_unit() {
    dk_systemd_exec sh -c "cat >/etc/systemd/system/$unit.service"
    dk_systemd_exec systemctl daemon-reload
    dk_systemd_exec systemd-analyze verify "/etc/systemd/system/$unit.service" \
        || fail "systemd-analyze verify (inside) rejects $unit.service"
    dk_systemd_exec systemctl enable --quiet --now "$unit.service" || fail "systemctl enable --now $unit"
}
# Stops the unit and checks it was a clean stop: Result=success, the main process killed by
# SIGTERM (ExecMainCode=2 is CLD_KILLED, ExecMainStatus=15).
clean_stop() {
    dk_systemd_exec systemctl stop "$unit.service"
    # Enabled, so it stays loaded: an unloaded unit reads Result=success and ExecMain*=0 whatever.
    expect "$unit LoadState after stop" "$(prop LoadState)" loaded
    expect "$unit ActiveState after stop" "$(prop ActiveState)" inactive
    expect "$unit Result after stop" "$(prop Result)" success
    expect "$unit ExecMainCode after stop (2: killed)" "$(prop ExecMainCode)" 2
    expect "$unit ExecMainStatus after stop" "$(prop ExecMainStatus)" 15
}

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
dirs=("$(dirname "$tool")")
[ "$(dirname "$example")" = "${dirs[0]}" ] || dirs+=("$(dirname "$example")")
dk_systemd_boot "${dirs[@]}"
dk_systemd_exec "$tool" --help >/dev/null || fail "$tool does not run inside the container"
ok "$tool runs inside ($(if [ -n "$DK_SYSTEMD_SWIFT" ]; then echo "$DK_SYSTEMD_SWIFT bound"; else echo "no /opt/swift"; fi))"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
program="import signal, http.server as h; signal.signal(signal.SIGHUP, lambda *a: print('reloaded (SIGHUP)', flush=True)); h.HTTPServer(('127.0.0.1', $port), h.SimpleHTTPRequestHandler).serve_forever()"
"$tool" generate systemd --name dk-smoke --reload --ready "tcp:127.0.0.1:$port" \
    -- /usr/bin/python3 -c "$program" >"$DK_SYSTEMD_RUN/dk-smoke.service"
grep -q '^Type=notify$' "$DK_SYSTEMD_RUN/dk-smoke.service" || fail "the generated unit is not Type=notify"
if grep -q '^SuccessExitStatus=' "$DK_SYSTEMD_RUN/dk-smoke.service"; then
    fail "the generated unit needs SuccessExitStatus= (a clean stop must be one by itself)"
fi

step="$(dk_systemd_now)"
install_unit <"$DK_SYSTEMD_RUN/dk-smoke.service"
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

clean_stop
if curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    fail "127.0.0.1:$port still answers after stop"
fi
ok "stop: inactive, Result=success, the keeper killed by SIGTERM (no SuccessExitStatus=), port closed"

if [ "${DK_SYSTEMD_ONLY:-}" != tool ]; then
    # 2. A program without a SIGHUP handler: a reload must not kill it.
    unit=dk-plain
    port="$(dk_free_port)"
    plain=(/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory /)
    "$tool" generate systemd --name "$unit" --reload --ready "tcp:127.0.0.1:$port" -- "${plain[@]}" | install_unit
    answers "$port" || fail "$unit: 127.0.0.1:$port does not answer after start"
    main_pid="$(prop MainPID)"
    child="$(dk_systemd_exec cat "/run/$unit/$unit.pid")"
    if dk_systemd_exec systemctl reload "$unit.service" 2>/dev/null; then
        fail "$unit: systemctl reload succeeded, but SIGHUP would have killed python3 -m http.server"
    fi
    dk_systemd_exec journalctl -u "$unit" --no-pager -q | grep -q "neither handles nor ignores SIGHUP" \
        || fail "$unit: the journal does not say why the reload was refused"
    expect "$unit MainPID after the refused reload" "$(prop MainPID)" "$main_pid"
    expect "$unit program after the refused reload" "$(dk_systemd_exec cat "/run/$unit/$unit.pid")" "$child"
    expect "$unit NRestarts after the refused reload" "$(prop NRestarts)" 0
    answers "$port" || fail "$unit: no answer after the refused reload"
    ok "no SIGHUP handler, with --reload: the reload fails and sends nothing; same program, not restarted, answering"
    "$tool" generate systemd --name "$unit" --ready "tcp:127.0.0.1:$port" -- "${plain[@]}" \
        | dk_systemd_exec sh -c "cat >/etc/systemd/system/$unit.service"
    dk_systemd_exec systemctl daemon-reload
    if dk_systemd_exec systemctl reload "$unit.service" 2>/dev/null; then
        fail "$unit: a unit without ExecReload= reloaded"
    fi
    expect "$unit program after a reload without a hook" "$(dk_systemd_exec cat "/run/$unit/$unit.pid")" "$child"
    answers "$port" || fail "$unit: no answer after a reload without a hook"
    ok "no --reload: systemd refuses the reload itself (no ExecReload=); the program runs on"
    clean_stop
    ok "$unit stop: Result=success"

    # 3. A library daemon as a Type=notify service: .automatic stays in the foreground.
    unit=dk-library
    [ -x "$example" ] || fail "$example is not built"
    dk_systemd_exec sh -c "cat >/etc/systemd/system/$unit.service" <<UNIT
[Unit]
Description=daemoniker-example, a daemon made with the library

[Service]
Type=notify
ExecStart=$example
Environment=TMPDIR=/run/$unit
RuntimeDirectory=$unit

[Install]
WantedBy=multi-user.target
UNIT
    dk_systemd_exec systemctl daemon-reload
    dk_systemd_exec systemctl enable --quiet --now "$unit.service" || fail "systemctl enable --now $unit"
    main_pid="$(prop MainPID)"
    expect "$unit comm of MainPID" "$(dk_systemd_exec cat "/proc/$main_pid/comm")" "$(basename "$example" | cut -c1-15)"
    expect "$unit ActiveState" "$(prop ActiveState)" active
    named="$(dk_systemd_exec sh -c "cat /run/$unit/daemoniker-example-0/example.pid")"
    expect "$unit pid file" "$named" "$main_pid"
    ok "library daemon: Type=notify, READY=1 from the library, MainPID=$main_pid is the daemon and its pid file's"
    clean_stop
    if dk_systemd_exec test -e "/run/$unit/daemoniker-example-0/example.pid"; then
        fail "$unit: the pid file is left after stop"
    fi
    ok "library daemon stop: Result=success, killed by SIGTERM after its clean-up (pid file gone)"
fi

dk_systemd_shutdown
leftovers="$(dk_systemd_leftovers)" || fail "processes of the container left: $leftovers"
echo "systemd-checks: $passed passed, 0 failed"
