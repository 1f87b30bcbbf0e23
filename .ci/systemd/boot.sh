#!/usr/bin/env bash
# Usage:
#   boot.sh run [DIR...] -- COMMAND...   boot, run COMMAND on the host, power off (always); exits
#                                        with COMMAND's status. COMMAND reaches the container
#                                        with `boot.sh exec` (DK_SYSTEMD_CACHE is exported).
#   boot.sh start [DIR...]               boot and leave it running (state in CACHE/run)
#   boot.sh exec COMMAND...              run COMMAND inside the running container
#   boot.sh stop                         power it off (nothing to do: status 0)
#   boot.sh status                       print the nspawn and init pids; status 1 if none runs
# DIR: host folders bound read-write at the same path inside (e.g. the build output). The root
# must exist (rootfs.sh). Settings: see lib.sh.
set -euo pipefail
# shellcheck source=.ci/systemd/lib.sh
source "$(dirname "$0")/lib.sh"
export DK_SYSTEMD_CACHE

usage() { sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 2; }

[ $# -gt 0 ] || usage
verb="$1"
shift
case "$verb" in
    run)
        dirs=()
        while [ $# -gt 0 ] && [ "$1" != -- ]; do dirs+=("$1"); shift; done
        [ $# -gt 1 ] || usage
        shift
        dk_systemd_boot "${dirs[@]}"
        status=0
        "$@" || status=$?
        dk_systemd_shutdown || { [ "$status" != 0 ] || status=1; }
        exit "$status"
        ;;
    start)
        dk_systemd_boot "$@"
        # Booted: it outlives this script, so the trap that would power it off goes.
        trap - EXIT INT TERM HUP
        echo "nspawn pid $DK_SYSTEMD_NSPAWN_PID, init pid $DK_SYSTEMD_INIT_PID ($DK_SYSTEMD_PIDFILE)"
        ;;
    exec)
        [ $# -gt 0 ] || usage
        dk_systemd_attach || { dk_systemd_log "no container is running ($DK_SYSTEMD_PIDFILE)"; exit 125; }
        dk_systemd_exec "$@"
        ;;
    stop)
        dk_systemd_attach || exit 0
        dk_systemd_shutdown
        ;;
    status)
        dk_systemd_attach || { echo "not running"; exit 1; }
        echo "nspawn pid $DK_SYSTEMD_NSPAWN_PID, init pid $DK_SYSTEMD_INIT_PID"
        ;;
    *) usage ;;
esac
