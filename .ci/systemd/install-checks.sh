#!/usr/bin/env bash
# Usage: .ci/systemd/install-checks.sh [DAEMONIKER]
# `daemoniker install` and `daemoniker uninstall` under the container's real systemd (lib.sh),
# the tool run INSIDE the container as root (dk_systemd_exec), checked from the host:
# 1. install NAME --ready tcp:... -- python3 -m http.server: exit 0, the unit file is exactly what
#    `generate systemd` writes, the unit is active and enabled, and the port answers from the host;
# 2. `systemctl restart`: a new MainPID and a new program, answering again;
# 3. a second install of the same name: exit 3 "already installed", and the running service is
#    untouched (same MainPID, same program, same unit file); `install --force` replaces and restarts
#    it (new MainPID, answering);
# 4. a user without root (runuser -u nobody) installing without --user-service: exit 1, the message
#    names what is missing, nothing written; a bad name: exit 2; uninstall of an unknown name: 3;
# 5. uninstall: exit 0, then no unit file (LoadState=not-found), no process (the keeper's and the
#    program's pids, looked up on the host by their pid in the container's namespace, are gone),
#    no pid file, the port closed; a second uninstall: exit 3;
# 6. a service that ended failed: uninstall leaves systemd knowing nothing of it.
# DAEMONIKER defaults to the built tool (`swift build --show-bin-path`); its folder is bound at the
# same path inside, /opt/swift read-only (lib.sh). Needs the root (rootfs.sh). Exit status: 0
# passed; 1 a check failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=.ci/systemd/lib.sh
source "$here/lib.sh"

bin="$(cd "$DK_SYSTEMD_REPO" && swift build --show-bin-path)"
tool="$(readlink -f "${1:-$bin/daemoniker}")"
[ -x "$tool" ] || { dk_systemd_log "install-checks: $tool is not built"; exit 1; }
name=dk-installed
unit="$name"  # for fail and prop (lib.sh)
unit_file="/etc/systemd/system/$name.service"
pid_file="/run/$name/$name.pid"
answers() { curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$1/"; }
# The host pid of the process that is PID in the container's pid namespace; fails when none is.
host_pid() {
    local dir
    for dir in /proc/[0-9]*; do
        [ "$(readlink "$dir/ns/pid" 2>/dev/null)" = "$DK_SYSTEMD_PIDNS" ] || continue
        if awk -v pid="$1" '$1 == "NSpid:" && $NF == pid { found = 1 } END { exit !found }' "$dir/status" 2>/dev/null; then
            echo "${dir#/proc/}"
            return 0
        fi
    done
    return 1
}
# Runs the tool inside; prints "STATUS" on the first line, then its standard error.
inside() {
    local status=0 error
    error="$(dk_systemd_exec "$@" 2>&1 >/dev/null)" || status=$?
    printf '%s\n%s\n' "$status" "$error"
}

if ! command -v curl >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi
bash "$here/rootfs.sh" >/dev/null
dk_systemd_boot "$(dirname "$tool")"

# 1. install
port="$(dk_free_port)"
program=(/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory /)
options=(--ready "tcp:127.0.0.1:$port")
dk_systemd_exec "$tool" install "$name" "${options[@]}" -- "${program[@]}" \
    || fail "daemoniker install $name (inside, as root) failed"
expect "the unit file" "$(dk_systemd_exec cat "$unit_file")" \
    "$(dk_systemd_exec "$tool" generate systemd --name "$name" "${options[@]}" -- "${program[@]}")"
expect "is-active" "$(dk_systemd_exec systemctl is-active "$name.service" || true)" active
expect "is-enabled" "$(dk_systemd_exec systemctl is-enabled "$name.service" || true)" enabled
answers "$port" || fail "127.0.0.1:$port does not answer right after install returned"
main_pid="$(prop MainPID)"
child="$(dk_systemd_exec cat "$pid_file")"
expect "comm of MainPID" "$(dk_systemd_exec cat "/proc/$main_pid/comm")" daemoniker
ok "install: exit 0, $unit_file is generate's unit, active and enabled, answering on $port (MainPID=$main_pid, program $child)"

# 2. systemctl restart
dk_systemd_exec systemctl restart "$name.service" || fail "systemctl restart $name"
new_main="$(prop MainPID)"
new_child="$(dk_systemd_exec cat "$pid_file")"
[ "$new_main" != "$main_pid" ] || fail "MainPID after restart is still $main_pid"
[ "$new_child" != "$child" ] || fail "the program after restart is still $child"
expect "is-active after restart" "$(dk_systemd_exec systemctl is-active "$name.service" || true)" active
answers "$port" || fail "no answer after systemctl restart"
ok "systemctl restart: new MainPID $new_main (was $main_pid), new program $new_child, answering"
main_pid="$new_main"
child="$new_child"

# 3. a second install of the same name
before="$(dk_systemd_exec sha256sum "$unit_file")"
mapfile -t result < <(inside "$tool" install "$name" --ready "tcp:127.0.0.1:$(dk_free_port)" -- /bin/sleep 1000)
expect "second install's exit status" "${result[0]}" 3
[[ "${result[*]:1}" == *"already installed"* ]] || fail "second install's message: ${result[*]:1}"
expect "MainPID after the refused install" "$(prop MainPID)" "$main_pid"
expect "program after the refused install" "$(dk_systemd_exec cat "$pid_file")" "$child"
expect "unit file after the refused install" "$(dk_systemd_exec sha256sum "$unit_file")" "$before"
answers "$port" || fail "no answer after the refused install"
ok "second install: exit 3 (${result[1]}); same MainPID, program and unit file, answering"
dk_systemd_exec "$tool" install "$name" --force "${options[@]}" -- "${program[@]}" || fail "install --force"
new_main="$(prop MainPID)"
[ "$new_main" != "$main_pid" ] || fail "MainPID after install --force is still $main_pid"
expect "is-enabled after install --force" "$(dk_systemd_exec systemctl is-enabled "$name.service" || true)" enabled
answers "$port" || fail "no answer after install --force"
ok "install --force: replaced and restarted (MainPID $new_main), enabled, answering"
main_pid="$new_main"
child="$(dk_systemd_exec cat "$pid_file")"

# 4. no rights, a bad name, an unknown name
mapfile -t result < <(inside runuser -u nobody -- "$tool" install dk-not-root -- /bin/sleep 1000)
expect "install as nobody: exit status" "${result[0]}" 1
[[ "${result[*]:1}" == *"writing /etc/systemd/system/dk-not-root.service needs root"* ]] \
    || fail "install as nobody: message: ${result[*]:1}"
if dk_systemd_exec test -e /etc/systemd/system/dk-not-root.service; then fail "install as nobody wrote its unit"; fi
ok "install as nobody without --user-service: exit 1 (${result[1]})"
mapfile -t result < <(inside "$tool" install 'dk/bad' -- /bin/sleep 1000)
expect "install of a bad name: exit status" "${result[0]}" 2
mapfile -t result < <(inside "$tool" uninstall dk-never-installed)
expect "uninstall of an unknown name: exit status" "${result[0]}" 3
ok "bad name: exit 2; uninstall of an unknown name: exit 3 (${result[1]})"

# 5. uninstall
keeper_host="$(host_pid "$main_pid")" || fail "MainPID $main_pid not found on the host"
child_host="$(host_pid "$child")" || fail "program $child not found on the host"
keeper_start="$(dk_systemd_starttime "$keeper_host")"
child_start="$(dk_systemd_starttime "$child_host")"
uninstall_error="$(dk_systemd_exec "$tool" uninstall "$name" 2>&1 >/dev/null)" || fail "daemoniker uninstall $name failed: $uninstall_error"
[[ "$uninstall_error" != *"Failed"* && "$uninstall_error" != *"daemoniker:"* ]] \
    || fail "uninstall reported a failure on its way: $uninstall_error"
if dk_systemd_exec test -e "$unit_file"; then fail "$unit_file is left after uninstall"; fi
expect "LoadState after uninstall" "$(prop LoadState)" not-found
if dk_systemd_same_process "$keeper_host" "$keeper_start"; then fail "the keeper (host pid $keeper_host) still runs"; fi
if dk_systemd_same_process "$child_host" "$child_start"; then fail "the program (host pid $child_host) still runs"; fi
if dk_systemd_exec test -e "$pid_file"; then fail "$pid_file is left after uninstall"; fi
if answers "$port" 2>/dev/null; then fail "127.0.0.1:$port still answers after uninstall"; fi
mapfile -t result < <(inside "$tool" uninstall "$name")
expect "second uninstall: exit status" "${result[0]}" 3
ok "uninstall: no unit file (not-found), keeper (host $keeper_host) and program (host $child_host) gone, no pid file, port closed; again: exit 3"

# 6. A service that ended failed (a program that exits 3 at once, restarted until systemd's start
# limit): uninstall clears the failed state too, so that systemd forgets the unit.
failing=dk-failing
dk_systemd_exec "$tool" install "$failing" -- /bin/sh -c 'exit 3' || fail "install $failing"
failed() { [ "$(dk_systemd_exec systemctl is-failed "$failing.service" || true)" = failed ]; }
dk_systemd_wait 30 failed || fail "$failing did not end failed"
dk_systemd_exec "$tool" uninstall "$failing" || fail "uninstall of the failed $failing"
expect "$failing LoadState after uninstall" \
    "$(dk_systemd_exec systemctl show -p LoadState --value "$failing.service")" not-found
expect "$failing is-failed after uninstall" "$(dk_systemd_exec systemctl is-failed "$failing.service" || true)" inactive
ok "a failed service: uninstall removes it and its failed state (not-found, inactive)"

dk_systemd_shutdown
leftovers="$(dk_systemd_leftovers)" || fail "processes of the container left: $leftovers"
echo "systemd-install-checks: $passed passed, 0 failed"
