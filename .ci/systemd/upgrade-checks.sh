#!/usr/bin/env bash
# Usage: .ci/systemd/upgrade-checks.sh [NIOSERVER]
# A library daemon's upgrade under the container's real systemd (lib.sh): the SwiftNIO example
# (Examples/, built by .ci/examples.sh) as a Type=notify service with NotifyAccess=all and a
# file-descriptor store, checked from the host:
# 1. start: active, MainPID is the server (the pid file names it), it answers on its port;
# 2. `NIOServer upgrade` run inside: the new generation's MAINPID= and READY=1 make it the
#    unit's MainPID, the unit stays active, the new generation answers, the old one ends;
#    the listening socket is in systemd's file-descriptor store (NFileDescriptorStore=1);
# 3. `systemctl restart`: the socket comes back from the store by LISTEN_FDS, a new MainPID
#    answers;
# 4. `systemctl stop`: inactive, nothing answers, no process of the unit is left.
# NIOSERVER defaults to Examples/.build/debug/NIOServer; its folder is bound at the same path
# inside, /opt/swift read-only (lib.sh). Needs the root (rootfs.sh). Exit status: 0 passed; 1 a
# check failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=.ci/systemd/lib.sh
source "$here/lib.sh"

server="$(readlink -f "${1:-$DK_SYSTEMD_REPO/Examples/.build/debug/NIOServer}")"
[ -x "$server" ] || { dk_systemd_log "upgrade-checks: $server is not built (.ci/examples.sh builds it)"; exit 1; }
unit=dk-nio
pid_file="/run/$unit/$unit.pid"
body() { curl -fsS --max-time 5 "http://127.0.0.1:$1/"; }
# Waits up to 20 s for `systemctl show -p $1` to read $2.
wait_prop() {
    local _
    for _ in $(seq 1 200); do
        [ "$(prop "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    fail "$1 is '$(prop "$1")', not '$2', after 20 s"
}
alive_inside() { dk_systemd_exec test -d "/proc/$1"; }

bash "$here/rootfs.sh" >/dev/null
dk_systemd_boot "$(dirname "$server")"
port="$(dk_free_port)"

# 1. start
dk_systemd_exec sh -c "cat >/etc/systemd/system/$unit.service" <<UNIT
[Unit]
Description=SwiftNIO example upgraded under systemd
[Service]
Type=notify
NotifyAccess=all
FileDescriptorStoreMax=4
RuntimeDirectory=$unit
ExecStart=$server --pid-file $pid_file --listen web=tcp:127.0.0.1:$port
UNIT
dk_systemd_exec systemctl daemon-reload
dk_systemd_exec systemctl start "$unit.service" || fail "systemctl start $unit"
expect "ActiveState after start" "$(prop ActiveState)" active
first="$(prop MainPID)"
expect "the pid file after start" "$(dk_systemd_exec cat "$pid_file")" "$first"
expect "GET / after start" "$(body "$port")" "hello from $first"
ok "start: active, MainPID $first named by the pid file, answering on $port"

# 2. upgrade, run inside (the same executable: a new generation of it)
output="$(dk_systemd_exec "$server" upgrade --pid-file "$pid_file" --drain 10)" || fail "NIOServer upgrade: $output"
second="$(dk_systemd_exec cat "$pid_file")"
[ "$second" != "$first" ] || fail "the pid file still names $first after the upgrade ($output)"
wait_prop MainPID "$second"
expect "ActiveState after the upgrade" "$(prop ActiveState)" active
expect "GET / after the upgrade" "$(body "$port")" "hello from $second"
for _ in $(seq 1 200); do alive_inside "$first" || break; sleep 0.1; done
if alive_inside "$first"; then fail "the old generation $first still runs 20 s after the upgrade"; fi
expect "ActiveState once the old generation ended" "$(prop ActiveState)" active
expect "NFileDescriptorStore" "$(prop NFileDescriptorStore)" 1
ok "upgrade: MainPID $first -> $second (MAINPID= and READY=1 from the new generation), active, answering, old one gone, socket in the store"

# 3. restart: the socket comes back from the store
dk_systemd_exec systemctl restart "$unit.service" || fail "systemctl restart $unit"
third="$(prop MainPID)"
[ "$third" != "$second" ] || fail "MainPID after restart is still $second"
expect "GET / after restart" "$(body "$port")" "hello from $third"
ok "systemctl restart: MainPID $third, answering on the same port"

# 4. stop
dk_systemd_exec systemctl stop "$unit.service"
expect "ActiveState after stop" "$(prop ActiveState)" inactive
if body "$port" >/dev/null 2>&1; then fail "127.0.0.1:$port still answers after stop"; fi
if alive_inside "$third"; then fail "MainPID $third still runs after stop"; fi
if alive_inside "$second"; then fail "generation $second still runs after stop"; fi
ok "stop: inactive, nothing answers, no generation left"
dk_systemd_log "upgrade-checks: passed"
