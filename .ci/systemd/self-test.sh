#!/usr/bin/env bash
# Usage: .ci/systemd/self-test.sh
# Checks the harness end to end against a real systemd booted in the container:
#   1. the root (rootfs.sh), the boot, systemd as PID 1 inside, `systemctl --version`, the
#      binds (a host folder read-write, /opt/swift read-only), the clean environment of exec;
#   2. a Type=notify unit (systemd-notify --ready from a shell) that is active only once ready,
#      and its reload;
#   3. a Type=simple `python3 -m http.server` on 127.0.0.1:<free port>, answered from the HOST
#      (shared network), its MainPID/ActiveState/Result, a restart after SIGKILL (NRestarts=),
#      and its stop (ExecMainCode/ExecMainStatus);
#   4. a failing unit (Result=exit-code, ExecMainStatus=) and one that succeeds on its third start
#      (NRestarts=2);
#   5. the shutdown: the nspawn process gone, no process of the container left (/proc/*/ns,
#      /proc/*/root), its cgroups removed, the port closed;
#   6. a script that fails after booting leaves nothing running (the EXIT trap), and the SIGKILL
#      fallback of dk_systemd_shutdown ends a container that does not power off in time.
# Exit status: 0 all passed; 1 a check failed (the message says which).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=.ci/systemd/lib.sh
source "$here/lib.sh"

total="$(dk_systemd_now)"
fail() {
    dk_systemd_log "FAILED: $*"
    if [ -n "$DK_SYSTEMD_INIT_PID" ]; then
        dk_systemd_exec journalctl --no-pager -n 40 >&2 2>/dev/null || true
    fi
    exit 1
}
# The value of PROPERTY of UNIT in the container.
prop() { dk_systemd_exec systemctl show -p "$2" --value "$1"; }
prop_is() { [ "$(prop "$1" "$2")" = "$3" ]; }

work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# --- 1. root, boot, PID 1, binds, environment -------------------------------------------------
step="$(dk_systemd_now)"
# The checks from the host use curl.
if ! command -v curl >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi
bash "$here/rootfs.sh" >/dev/null
ok "root ready ($(dk_systemd_elapsed "$step"))"

step="$(dk_systemd_now)"
dk_systemd_boot "$work"  # also installs the EXIT trap that powers it off (and keeps cleanup)
boot_time="$(dk_systemd_elapsed "$step")"
ok "booted to '$DK_SYSTEMD_STATE' in $boot_time"

expect "comm of PID 1 inside" "$(dk_systemd_exec cat /proc/1/comm)" systemd
expect "PID 1 inside" "$(dk_systemd_exec readlink /proc/1/exe)" /usr/lib/systemd/systemd
version="$(dk_systemd_exec systemctl --version | head -n 1)"
[[ "$version" == systemd\ * ]] || fail "systemctl --version: '$version'"
ok "systemd is PID 1 inside; $version"
expect "virtualization" "$(dk_systemd_exec systemd-detect-virt || true)" systemd-nspawn

dk_systemd_exec sh -c "echo from-inside >'$work/written-inside'"
expect "a file written inside the bound folder" "$(cat "$work/written-inside" 2>/dev/null)" from-inside
if [ -n "$DK_SYSTEMD_SWIFT" ]; then
    dk_systemd_exec test -x "$DK_SYSTEMD_SWIFT/usr/bin/swift-frontend" \
        || fail "$DK_SYSTEMD_SWIFT is not bound inside"
    if dk_systemd_exec touch "$DK_SYSTEMD_SWIFT/dk-write-test" 2>/dev/null; then
        rm -f "$DK_SYSTEMD_SWIFT/dk-write-test"
        fail "$DK_SYSTEMD_SWIFT is writable inside (expected a read-only bind)"
    fi
fi
ok "binds: $work read-write, ${DK_SYSTEMD_SWIFT:-(no swift)} read-only"

inside_env="$(DK_SELF_TEST_LEAK=1 dk_systemd_exec env)"
[[ "$inside_env" != *DK_SELF_TEST_LEAK* ]] || fail "the caller's environment leaks into dk_systemd_exec"
[[ "$inside_env" == *PATH=/usr/local/sbin:* ]] || fail "no PATH inside: $inside_env"
ok "dk_systemd_exec: clean environment ($(echo "$inside_env" | tr '\n' ' '))"

# Unit files go in through standard input.
install_unit() {  # NAME (the text on standard input)
    dk_systemd_exec sh -c "cat >/etc/systemd/system/$1"
}

# --- 2. Type=notify ------------------------------------------------------------------------------
install_unit dk-notify.service <<'EOF'
[Unit]
Description=Daemoniker self-test: Type=notify from a shell
[Service]
Type=notify
# systemd-notify is a child of the shell, not the main process.
NotifyAccess=all
ExecStart=/bin/sh -c 'echo starting; sleep 1; systemd-notify --ready --status="ready from sh"; exec sleep infinity'
ExecReload=/bin/sh -c 'echo reload >>/run/dk-notify.reloads'
[Install]
WantedBy=multi-user.target
EOF
dk_systemd_exec systemctl daemon-reload
# Enabled, as an installed daemon would be: a unit that nothing references is unloaded as soon as
# it stops (garbage-collected), and its Result/ExecMain* properties then read as zeros.
dk_systemd_exec systemctl enable --quiet dk-notify.service
step="$(dk_systemd_now)"
dk_systemd_exec systemctl start dk-notify.service || fail "systemctl start dk-notify"
notify_time="$(dk_systemd_elapsed "$step")"
# start returns once READY=1 arrived: active at once, and not before the shell's sleep 1.
expect "dk-notify ActiveState" "$(prop dk-notify ActiveState)" active
expect "dk-notify SubState" "$(prop dk-notify SubState)" running
expect "dk-notify StatusText" "$(prop dk-notify StatusText)" "ready from sh"
awk -v t="${notify_time%s}" 'BEGIN { exit !(t >= 1.0) }' \
    || fail "systemctl start dk-notify returned after $notify_time, before the unit said READY=1"
notify_pid="$(prop dk-notify MainPID)"
[ "$notify_pid" -gt 1 ] || fail "dk-notify MainPID=$notify_pid"
ok "Type=notify: start waited for READY=1 ($notify_time), MainPID=$notify_pid, StatusText set"

dk_systemd_exec systemctl reload dk-notify.service || fail "systemctl reload dk-notify"
expect "dk-notify reloads" "$(dk_systemd_exec cat /run/dk-notify.reloads)" reload
expect "dk-notify MainPID after reload" "$(prop dk-notify MainPID)" "$notify_pid"
expect "dk-notify ActiveState after reload" "$(prop dk-notify ActiveState)" active
dk_systemd_exec journalctl -u dk-notify --no-pager -q | grep -q starting \
    || fail "the unit's output is not in the container's journal"
ok "reload ran ExecReload, kept MainPID; the unit's output is in the journal"

dk_systemd_exec systemctl stop dk-notify.service
expect "dk-notify ActiveState after stop" "$(prop dk-notify ActiveState)" inactive
expect "dk-notify Result after stop" "$(prop dk-notify Result)" success
expect "dk-notify ExecMainPID after stop" "$(prop dk-notify ExecMainPID)" "$notify_pid"
expect "dk-notify ExecMainStatus after stop" "$(prop dk-notify ExecMainStatus)" 15
ok "Type=notify stop: inactive, Result=success, ExecMainStatus=15 (SIGTERM)"

# --- 3. Type=simple python3 -m http.server, seen from the host -----------------------------------
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dk_systemd_exec sh -c 'mkdir -p /srv/dk && echo "hello from the container" >/srv/dk/index.txt'
install_unit dk-http.service <<EOF
[Unit]
Description=Daemoniker self-test: Type=simple HTTP server
[Service]
Type=simple
ExecStart=/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory /srv/dk $port
Restart=on-failure
RestartSec=200ms
[Install]
WantedBy=multi-user.target
EOF
dk_systemd_exec systemctl daemon-reload
dk_systemd_exec systemctl enable --quiet --now dk-http.service || fail "systemctl enable --now dk-http"
http_get() { curl -fsS --max-time 2 "http://127.0.0.1:$port/index.txt" 2>/dev/null; }
http_answers() { [ "$(http_get)" = "hello from the container" ]; }
dk_systemd_wait 15 http_answers || fail "127.0.0.1:$port does not answer from the host"
http_pid="$(prop dk-http MainPID)"
[ "$http_pid" -gt 1 ] || fail "dk-http MainPID=$http_pid"
expect "dk-http ActiveState" "$(prop dk-http ActiveState)" active
expect "dk-http Result" "$(prop dk-http Result)" success
expect "dk-http NRestarts" "$(prop dk-http NRestarts)" 0
ok "Type=simple: the host reads 127.0.0.1:$port; MainPID=$http_pid, active, Result=success, NRestarts=0"

# SIGKILL to the main process: a failure, so Restart=on-failure starts it again.
dk_systemd_exec systemctl kill -s KILL dk-http.service
dk_systemd_wait 15 prop_is dk-http NRestarts 1 || fail "dk-http: NRestarts=$(prop dk-http NRestarts) after SIGKILL"
dk_systemd_wait 15 prop_is dk-http ActiveState active || fail "dk-http not active again after SIGKILL"
dk_systemd_wait 15 http_answers || fail "127.0.0.1:$port does not answer after the restart"
new_pid="$(prop dk-http MainPID)"
[ "$new_pid" != "$http_pid" ] || fail "dk-http MainPID unchanged after its restart"
ok "SIGKILL: restarted (NRestarts=1), new MainPID=$new_pid, the host reads the port again"

dk_systemd_exec systemctl stop dk-http.service
expect "dk-http ActiveState after stop" "$(prop dk-http ActiveState)" inactive
expect "dk-http Result after stop" "$(prop dk-http Result)" success
expect "dk-http MainPID after stop" "$(prop dk-http MainPID)" 0
# Stopped by SIGTERM: code 2 (CLD_KILLED), status 15.
expect "dk-http ExecMainCode after stop" "$(prop dk-http ExecMainCode)" 2
expect "dk-http ExecMainStatus after stop" "$(prop dk-http ExecMainStatus)" 15
dk_systemd_wait 5 bash -c "! curl -fsS --max-time 1 http://127.0.0.1:$port/ >/dev/null 2>&1" \
    || fail "127.0.0.1:$port still answers after stop"
ok "stop: inactive, Result=success, MainPID=0, ExecMainCode=2 ExecMainStatus=15 (SIGTERM), port closed"

# --- 4. failures and restarts ---------------------------------------------------------------------
install_unit dk-fail.service <<'EOF'
[Unit]
Description=Daemoniker self-test: exits 3
[Service]
Type=exec
ExecStart=/bin/sh -c 'exit 3'
EOF
install_unit dk-third.service <<'EOF'
[Unit]
Description=Daemoniker self-test: fails twice, then runs
StartLimitIntervalSec=60
StartLimitBurst=5
[Service]
Type=exec
ExecStart=/bin/sh -c 'n=$(( $(cat /run/dk-third.count 2>/dev/null || echo 0) + 1 )); echo $n >/run/dk-third.count; [ $n -ge 3 ] || exit 4; exec sleep infinity'
Restart=on-failure
RestartSec=100ms
EOF
dk_systemd_exec systemctl daemon-reload
dk_systemd_exec systemctl start dk-fail.service 2>/dev/null || true  # reports the failure, or not: racy
dk_systemd_wait 10 prop_is dk-fail ActiveState failed || fail "dk-fail: ActiveState=$(prop dk-fail ActiveState)"
expect "dk-fail Result" "$(prop dk-fail Result)" exit-code
expect "dk-fail ExecMainCode" "$(prop dk-fail ExecMainCode)" 1
expect "dk-fail ExecMainStatus" "$(prop dk-fail ExecMainStatus)" 3
dk_systemd_exec systemctl is-failed --quiet dk-fail.service || fail "systemctl is-failed dk-fail"
ok "exit 3: failed, Result=exit-code, ExecMainCode=1 (exited) ExecMainStatus=3"

dk_systemd_exec systemctl start dk-third.service || true
# (SubState=running alone is not enough: each failing start is "running" for a moment, Type=exec.)
third_running() { prop_is dk-third NRestarts 2 && prop_is dk-third SubState running; }
dk_systemd_wait 15 third_running \
    || fail "dk-third: NRestarts=$(prop dk-third NRestarts) SubState=$(prop dk-third SubState)"
expect "dk-third runs" "$(dk_systemd_exec cat /run/dk-third.count)" 3
ok "Restart=on-failure: two failures then running, NRestarts=2"
# Not enabled, so unloaded once stopped: its properties are gone (why dk-notify and dk-http are
# enabled above).
third_pid="$(prop dk-third MainPID)"
dk_systemd_exec systemctl stop dk-third.service
expect "dk-third ExecMainPID after stop (unloaded)" "$(prop dk-third ExecMainPID)" 0
expect "dk-third NRestarts after stop (unloaded)" "$(prop dk-third NRestarts)" 0
ok "a stopped unit that nothing references is unloaded: ExecMainPID (was $third_pid) and NRestarts read 0"
dk_systemd_exec systemctl reset-failed dk-fail.service

# A degraded system would come from a failed unit of the boot itself, not from these.
expect "system state" "$(dk_systemd_exec systemctl is-system-running || true)" running

# --- 5. shutdown, and nothing left ----------------------------------------------------------------
# A stray process started through dk_systemd_exec, outside any unit (and in the caller's cgroup,
# not the container's): the shutdown must end it too.
dk_systemd_exec sh -c 'sleep 1000 >/dev/null 2>&1 &'
# The leftover check is not vacuous: while the container runs it sees its init and the stray.
running="$(dk_systemd_leftovers)" && fail "dk_systemd_leftovers sees nothing of a running container"
grep -q "^$DK_SYSTEMD_INIT_PID systemd pid-namespace mount-namespace root" <<<"$running" \
    || fail "dk_systemd_leftovers does not see the container's init: $running"
grep -q " sleep pid-namespace mount-namespace root" <<<"$running" \
    || fail "dk_systemd_leftovers does not see the stray sleep: $running"
ok "dk_systemd_leftovers sees the running container ($(wc -l <<<"$running") processes)"

nspawn_pid="$DK_SYSTEMD_NSPAWN_PID"
nspawn_start="$DK_SYSTEMD_NSPAWN_START"
cgroups="$(dk_systemd_cgroups "$DK_SYSTEMD_MACHINE")"
step="$(dk_systemd_now)"
dk_systemd_shutdown || fail "dk_systemd_shutdown"
shutdown_time="$(dk_systemd_elapsed "$step")"
! dk_systemd_same_process "$nspawn_pid" "$nspawn_start" || fail "nspawn pid $nspawn_pid is still running"
leftovers="$(dk_systemd_leftovers)" || fail "processes of the container left: $leftovers"
for cgroup in $cgroups; do
    [ ! -d "$cgroup" ] || fail "cgroup $cgroup is left"
done
[ ! -e "$DK_SYSTEMD_PIDFILE" ] || fail "the pid file $DK_SYSTEMD_PIDFILE is left"
dk_systemd_shutdown || fail "a second dk_systemd_shutdown"
ok "shut down in $shutdown_time: nspawn gone, no process in its namespaces or root, cgroups removed; twice is fine"

# --- 6. a failing script, and the SIGKILL fallback ------------------------------------------------
# A script that boots and then fails: its EXIT trap powers the container off.
status=0
bash -c 'set -euo pipefail; source "$1/lib.sh"; dk_systemd_boot; false' _ "$here" 2>"$work/trap.log" || status=$?
[ "$status" != 0 ] || fail "the failing script exited 0"
grep -q "shut down in" "$work/trap.log" || fail "the failing script did not shut down: $(cat "$work/trap.log")"
dk_systemd_attach && fail "a container still runs after the failing script (pid file $DK_SYSTEMD_PIDFILE)"
leftovers="$(dk_systemd_leftovers)" || fail "processes left after the failing script: $leftovers"
ok "a script failing after dk_systemd_boot leaves nothing running (EXIT trap)"

# SIGTERM to a script in the middle of its boot (as soon as nspawn's pid is recorded, before the
# container's systemd answers): the trap must still end the half-booted container.
bash -c 'set -euo pipefail; source "$1/lib.sh"; dk_systemd_boot; sleep 30' _ "$here" 2>"$work/term.log" &
script=$!
pidfile_there() { [ -s "$DK_SYSTEMD_PIDFILE" ]; }
dk_systemd_wait 30 pidfile_there || fail "no pid file from the script being booted"
kill -TERM "$script"
status=0
wait "$script" || status=$?
expect "status of the script stopped by SIGTERM" "$status" 143
dk_systemd_attach && fail "a container still runs after SIGTERM during its boot: $(cat "$work/term.log")"
leftovers="$(dk_systemd_leftovers)" || fail "processes left after SIGTERM during the boot: $leftovers"
dk_systemd__cgroups_empty "$DK_SYSTEMD_MACHINE" || fail "processes left in the container's cgroups"
ok "SIGTERM during the boot: the trap ended the half-booted container, nothing left"

# No time to power off: the SIGKILL fallback (init, then nspawn) must still end it.
DK_SYSTEMD_STOP_TIMEOUT=0
dk_systemd_boot
dk_systemd_exec systemd-run --quiet --unit=dk-stubborn sleep infinity
dk_systemd_shutdown 2>"$work/kill.log" || fail "dk_systemd_shutdown (SIGKILL): $(cat "$work/kill.log")"
grep -q "SIGKILL to the container's init" "$work/kill.log" || fail "the SIGKILL fallback did not run: $(cat "$work/kill.log")"
leftovers="$(dk_systemd_leftovers)" || fail "processes left after SIGKILL: $leftovers"
ok "no poweroff in time: SIGKILL to the container's init ends it, nothing left"

dk_systemd_log "self-test: $passed passed, 0 failed ($(dk_systemd_elapsed "$total"); boot $boot_time, shutdown $shutdown_time)"
echo "systemd-self-test: $passed passed, 0 failed"
