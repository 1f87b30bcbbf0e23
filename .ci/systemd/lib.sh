# A real systemd booted in a container (systemd-nspawn) that CI scripts and tests can drive.
# Sourced by rootfs.sh, boot.sh and self-test.sh, or by any CI script:
#
#   source .ci/systemd/lib.sh
#   bash .ci/systemd/rootfs.sh            # once; cached
#   dk_systemd_boot "$PWD/.build"         # boots; binds the folder at the same path inside
#   dk_systemd_exec systemctl --version   # a command inside (all of the container's namespaces)
#   dk_systemd_shutdown                   # poweroff, then wait; also run by the trap on EXIT
#
# Also: dk_systemd_attach (take over the container another shell booted, from the pid file) and
# dk_systemd_leftovers (host processes still belonging to the last container; for checks).
#
# Settings (environment):
#   DK_SYSTEMD_CACHE        cache folder (default: REPO/.build-systemd); the root is CACHE/rootfs
#   DK_SYSTEMD_MIRROR       Debian mirror for debootstrap (default: the host's apt sources)
#   DK_SYSTEMD_BOOT_TIMEOUT seconds to wait for the boot (default 60)
#   DK_SYSTEMD_STOP_TIMEOUT seconds to wait for poweroff before SIGKILL (default 30)
#   DK_SYSTEMD_VOLATILE     systemd-nspawn --volatile= mode (default: overlay, so every boot starts
#                           from the pristine cached root and writes nothing into it; "no" boots
#                           the cached root itself, read-write)
#   DK_SYSTEMD_SWIFT        host folder bound read-only at the same path (default /opt/swift; empty:
#                           none)
#
# Only one container per cache folder at a time: the state (pid file, console log) lives in
# CACHE/run.
# shellcheck shell=bash

DK_SYSTEMD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DK_SYSTEMD_REPO="$(cd "$DK_SYSTEMD_DIR/../.." && pwd)"
DK_SYSTEMD_CACHE="${DK_SYSTEMD_CACHE:-$DK_SYSTEMD_REPO/.build-systemd}"
DK_SYSTEMD_ROOT="$DK_SYSTEMD_CACHE/rootfs"
DK_SYSTEMD_RUN="$DK_SYSTEMD_CACHE/run"
DK_SYSTEMD_PIDFILE="$DK_SYSTEMD_RUN/nspawn.pid"
DK_SYSTEMD_CONSOLE="$DK_SYSTEMD_RUN/console.log"
DK_SYSTEMD_BOOT_TIMEOUT="${DK_SYSTEMD_BOOT_TIMEOUT:-60}"
DK_SYSTEMD_STOP_TIMEOUT="${DK_SYSTEMD_STOP_TIMEOUT:-30}"
DK_SYSTEMD_VOLATILE="${DK_SYSTEMD_VOLATILE:-overlay}"
DK_SYSTEMD_SWIFT="${DK_SYSTEMD_SWIFT-/opt/swift}"
# One name per cache folder (so two worktrees can each run one): the nspawn machine name and the
# host cgroup the container lives in.
DK_SYSTEMD_MACHINE="dk-systemd-$(printf '%s' "$DK_SYSTEMD_CACHE" | cksum | cut -d' ' -f1)"
# The environment of a command run inside: nothing of the caller's but what is set here.
DK_SYSTEMD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Filled by dk_systemd_boot (or dk_systemd_attach); kept if this file is sourced again.
DK_SYSTEMD_NSPAWN_PID="${DK_SYSTEMD_NSPAWN_PID:-}"
DK_SYSTEMD_NSPAWN_START="${DK_SYSTEMD_NSPAWN_START:-}"
DK_SYSTEMD_INIT_PID="${DK_SYSTEMD_INIT_PID:-}"
DK_SYSTEMD_INIT_START="${DK_SYSTEMD_INIT_START:-}"
DK_SYSTEMD_STATE="${DK_SYSTEMD_STATE:-}"    # "running" or "degraded" once booted
DK_SYSTEMD_PIDNS="${DK_SYSTEMD_PIDNS:-}"    # the container's pid and mount namespaces and root,
DK_SYSTEMD_MNTNS="${DK_SYSTEMD_MNTNS:-}"    # for dk_systemd_leftovers
DK_SYSTEMD_ROOTID="${DK_SYSTEMD_ROOTID:-}"
# 1 from the moment dk_systemd_boot starts nspawn until a shutdown succeeds: the shutdown then
# sweeps the container's cgroups even if the trap ran before the pid was known.
DK_SYSTEMD_OWNED="${DK_SYSTEMD_OWNED:-}"

dk_systemd_log() { printf '[systemd] %s\n' "$*" >&2; }

# The tally and the comparison of a script of checks (checks.sh, install-checks.sh,
# upgrade-checks.sh, self-test.sh). The fail() and prop() below serve a script that checks one
# unit at a time, named in $unit; self-test.sh defines its own.
passed=0
ok() {
    passed=$((passed + 1))
    dk_systemd_log "ok: $*"
}
# expect WHAT ACTUAL EXPECTED
expect() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; }
# Says what failed, shows the unit's last journal lines, and ends the script with status 1.
fail() {
    dk_systemd_log "FAILED: $*"
    if [ -n "$DK_SYSTEMD_INIT_PID" ]; then
        dk_systemd_exec journalctl -u "$unit" --no-pager -n 40 >&2 2>/dev/null || true
    fi
    exit 1
}
# prop PROPERTY: the unit's property, as systemctl show says it.
prop() { dk_systemd_exec systemctl show -p "$1" --value "$unit.service"; }
# Prints a TCP port on 127.0.0.1 that is free now (the container shares the host's network).
dk_free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dk_systemd_now() { date +%s.%N; }
dk_systemd_elapsed() { awk -v a="$1" -v b="$(dk_systemd_now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Field 22 of /proc/PID/stat (start time in clock ticks since boot): with the pid, names one process
# for good, so a pid reused by another process is never signalled. Status 1 when PID is gone.
dk_systemd_starttime() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
    # The command name (field 2) may hold spaces and parentheses: cut after the last ')'.
    stat="${stat##*) }"
    # shellcheck disable=SC2086
    set -- $stat
    # A zombie (exited, not yet reaped: an orphaned nspawn waits for the host's PID 1 to reap
    # it) is gone already.
    case "$1" in Z | X) return 1 ;; esac
    echo "${20}"
}

# True while PID is alive and is still the process that started at START.
dk_systemd_same_process() {
    local pid="$1" start="$2" now
    [ -n "$pid" ] && [ -n "$start" ] || return 1
    now="$(dk_systemd_starttime "$pid")" || return 1
    [ "$now" = "$start" ]
}

# Polls CONDITION (a command) every 0.1 s until it succeeds or SECONDS pass. Status 1 on timeout,
# or at once when CONDITION returns 2 (it will never succeed: nspawn exited, say).
dk_systemd_wait() {
    local seconds="$1" deadline status
    shift
    deadline=$(($(date +%s%N) + seconds * 1000000000))
    while :; do
        status=0
        "$@" || status=$?
        [ "$status" != 0 ] || return 0
        [ "$status" != 2 ] || return 1
        [ "$(date +%s%N)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# Installs debootstrap and systemd-nspawn (systemd-container) when missing; apt-get update once.
dk_systemd_install_tools() {
    local need=()
    command -v debootstrap >/dev/null || need+=(debootstrap)
    command -v systemd-nspawn >/dev/null || need+=(systemd-container)
    command -v nsenter >/dev/null || need+=(util-linux)
    [ ${#need[@]} -gt 0 ] || return 0
    dk_systemd_log "installing ${need[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# The container's systemd (its PID 1, seen from the host): the child of the nspawn process whose
# comm is "systemd". nspawn forks a helper that forks the container's init; depending on the
# version the init is nspawn's child or grandchild, so both levels are searched.
dk_systemd_find_init() {
    local nspawn="$1" child grandchild
    for child in $(dk_systemd_children "$nspawn"); do
        if [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ]; then
            echo "$child"
            return 0
        fi
        for grandchild in $(dk_systemd_children "$child"); do
            if [ "$(cat "/proc/$grandchild/comm" 2>/dev/null)" = systemd ]; then
                echo "$grandchild"
                return 0
            fi
        done
    done
    return 1
}

# The pids of PID's children, one a line (every thread's list: a child belongs to the thread that
# forked it).
dk_systemd_children() {
    local list pid pids
    for list in "/proc/$1/task/"*/children; do
        pids=()
        read -ra pids 2>/dev/null <"$list" || true
        for pid in "${pids[@]}"; do echo "$pid"; done
    done
}

# The host cgroups made for one container, one a line: NAME under the caller's own cgroup in each
# hierarchy nspawn uses (the unified one; on a legacy or hybrid host also name=systemd). nspawn
# started with --keep-unit makes its payload/ and supervisor/ cgroups inside the cgroup it runs
# in; without a cgroup of its own that would be the caller's, shared with everything else, and
# left behind after the container stops.
dk_systemd_cgroups() {
    local name="$1" own
    if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
        own="$(sed -n 's/^0:://p' /proc/self/cgroup)"
        echo "/sys/fs/cgroup${own%/}/$name"
        return
    fi
    if [ -d /sys/fs/cgroup/systemd ]; then
        own="$(sed -n 's/^[0-9]*:name=systemd://p' /proc/self/cgroup)"
        echo "/sys/fs/cgroup/systemd${own%/}/$name"
    fi
    if [ "$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
        own="$(sed -n 's/^0:://p' /proc/self/cgroup)"
        echo "/sys/fs/cgroup/unified${own%/}/$name"
    fi
}

# The pids in the cgroups of dk_systemd_cgroups NAME and below, one a line. (Here-strings, not
# process substitutions, in these loops: a process substitution inside a command substitution can
# outlive its parent and become a zombie of the host's PID 1, which reaps late here.)
dk_systemd_cgroup_pids() {
    local dir
    while read -r dir; do
        [ -d "$dir" ] || continue
        find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null
    done <<<"$(dk_systemd_cgroups "$1")" | sort -un
}

dk_systemd__cgroups_empty() { [ -z "$(dk_systemd_cgroup_pids "$1")" ]; }

# SIGKILLs every process still in the container's own cgroups (NAME): only processes of a
# container booted from this cache are there (its init orphaned by a killed nspawn, say, or a
# container whose pid file was lost). The cgroup names them exactly, whatever their names. Uses
# cgroup.kill (cgroup v2, Linux 5.14+; also ends processes forked meanwhile) where there is one,
# else each listed pid. Status 1 if some are still there 10 s later.
dk_systemd_kill_cgroups() {
    local name="$1" dir pids pid
    pids="$(dk_systemd_cgroup_pids "$name")"
    [ -n "$pids" ] || return 0
    dk_systemd_log "SIGKILL to what is left in the container's cgroups: $(echo "$pids" | tr '\n' ' ')"
    while read -r dir; do
        if [ -e "$dir/cgroup.kill" ]; then
            echo 1 >"$dir/cgroup.kill" 2>/dev/null || true
        fi
    done <<<"$(dk_systemd_cgroups "$name")"
    for pid in $(dk_systemd_cgroup_pids "$name"); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    dk_systemd_wait 10 dk_systemd__cgroups_empty "$name" || {
        dk_systemd_log "still in the container's cgroups after SIGKILL: $(dk_systemd_cgroup_pids "$name" | tr '\n' ' ')"
        return 1
    }
}

# Removes the cgroups of dk_systemd_cgroups NAME, deepest first. Status 1 if one still holds a
# process.
dk_systemd_remove_cgroups() {
    local dir status=0
    while read -r dir; do
        [ -d "$dir" ] || continue
        find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
        if [ -d "$dir" ]; then
            dk_systemd_log "cgroup $dir still holds processes: $(find "$dir" -name cgroup.procs -exec cat {} + | tr '\n' ' ')"
            status=1
        fi
    done <<<"$(dk_systemd_cgroups "$1")"
    return "$status"
}

# Runs COMMAND... inside the booted container: every namespace of its PID 1, its root and working
# directory, and a clean environment (PATH, HOME, LANG, TERM only; add NAME=VALUE words with env).
# The container shares the host's network. Standard input, output and status are the command's.
dk_systemd_exec() {
    if ! dk_systemd_same_process "$DK_SYSTEMD_INIT_PID" "$DK_SYSTEMD_INIT_START"; then
        dk_systemd_log "dk_systemd_exec: no container is running (call dk_systemd_boot)"
        return 125
    fi
    nsenter --target "$DK_SYSTEMD_INIT_PID" --all --root --wd \
        env -i PATH="$DK_SYSTEMD_PATH" HOME=/root LANG=C.UTF-8 TERM=dumb "$@"
}

# is-system-running with --wait returns when the boot is done: 0 for "running", 1 for anything
# else ("degraded" among them), and fails at once while the container's D-Bus/private socket is
# not there yet, hence the poll.
dk_systemd__booted() {
    local state
    dk_systemd_same_process "$DK_SYSTEMD_NSPAWN_PID" "$DK_SYSTEMD_NSPAWN_START" || return 2
    state="$(dk_systemd_exec timeout 10 systemctl is-system-running --wait 2>/dev/null)" || true
    case "$state" in
        running | degraded)
            DK_SYSTEMD_STATE="$state"
            return 0 ;;
    esac
    return 1
}

# Boots the cached root (rootfs.sh) in the background. Arguments: host folders bound read-write
# at the same path inside (e.g. the build output). Waits until the container's systemd says the
# boot is done ("running" or "degraded"; DK_SYSTEMD_STATE says which), at most
# DK_SYSTEMD_BOOT_TIMEOUT seconds. Writes the nspawn pid (and its start time) to
# DK_SYSTEMD_PIDFILE and installs an EXIT trap (keeping the caller's) that shuts the container
# down, so a failing script never leaves it running.
dk_systemd_boot() {
    local start dir args=() prev_trap=""
    start="$(dk_systemd_now)"
    if [ ! -e "$DK_SYSTEMD_ROOT/.dk-rootfs-ready" ]; then
        dk_systemd_log "no root at $DK_SYSTEMD_ROOT: run .ci/systemd/rootfs.sh first"
        return 1
    fi
    dk_systemd_install_tools
    mkdir -p "$DK_SYSTEMD_RUN"
    # A container left behind by an earlier run (its pid file says which) is stopped first.
    dk_systemd_shutdown_pidfile || return 1

    args=(--register=no --keep-unit --quiet -D "$DK_SYSTEMD_ROOT" --console=read-only
        --machine="$DK_SYSTEMD_MACHINE" --volatile="$DK_SYSTEMD_VOLATILE")
    if [ -n "$DK_SYSTEMD_SWIFT" ]; then
        if [ -d "$DK_SYSTEMD_SWIFT" ]; then
            args+=(--bind-ro="$DK_SYSTEMD_SWIFT")
        else
            dk_systemd_log "$DK_SYSTEMD_SWIFT does not exist: not bound"
        fi
    fi
    for dir in "$@"; do
        [ -d "$dir" ] || { dk_systemd_log "dk_systemd_boot: $dir is not a folder"; return 1; }
        dir="$(cd "$dir" && pwd -P)"
        args+=(--bind="$dir")
    done
    args+=(-b)

    # The caller's EXIT trap is kept and run after the shutdown; INT/TERM/HUP become an exit so
    # the EXIT trap runs on them too.
    prev_trap="$(trap -p EXIT)"
    if [ -n "$prev_trap" ]; then
        eval "set -- $prev_trap"
        prev_trap="$3"
    fi
    # (Not added twice when an earlier boot in this shell installed it.)
    # shellcheck disable=SC2064
    [[ "$prev_trap" == *dk_systemd_shutdown* ]] || trap "dk_systemd_shutdown; $prev_trap" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP

    local cgroup cgroups stat
    # A container of this cache whose pid file was lost (its script SIGKILLed, say) is still in
    # the cgroups: ended here.
    dk_systemd_kill_cgroups "$DK_SYSTEMD_MACHINE" || return 1
    dk_systemd_remove_cgroups "$DK_SYSTEMD_MACHINE" || return 1
    DK_SYSTEMD_OWNED=1
    cgroups="$(dk_systemd_cgroups "$DK_SYSTEMD_MACHINE")"
    # The subshell joins the container's own cgroups (if it cannot, nspawn runs in the caller's),
    # then becomes nspawn: exec keeps its pid, which is what $! says and the pid file records. It
    # must also leave the caller's process group, so that a Ctrl-C reaches the script (whose trap
    # powers the container off) and not nspawn directly. In a script (no job control) a background
    # job is in the caller's group: setsid, which does not fork there since the job leads no
    # group. With job control (set -m, an interactive shell) the job already has a group of its
    # own, and setsid would fork (a new pid, its parent exiting at once): exec nspawn directly
    # then. No child process in the subshell before the exec (nspawn would inherit it). Standard
    # input from /dev/null: nspawn must not read the caller's terminal or pipe.
    (
        while read -r cgroup; do
            { mkdir -p "$cgroup" && echo "$BASHPID" >"$cgroup/cgroup.procs"; } 2>/dev/null || true
        done <<<"$cgroups"
        read -r stat <"/proc/$BASHPID/stat"
        read -ra stat <<<"${stat##*) }"
        # stat[2]: the process group (field 5).
        if [ "${stat[2]}" = "$BASHPID" ]; then
            exec systemd-nspawn "${args[@]}"
        fi
        exec setsid systemd-nspawn "${args[@]}"
    ) </dev/null >"$DK_SYSTEMD_CONSOLE" 2>&1 &
    DK_SYSTEMD_NSPAWN_PID=$!
    DK_SYSTEMD_NSPAWN_START="$(dk_systemd_starttime "$DK_SYSTEMD_NSPAWN_PID")" || {
        dk_systemd_log "systemd-nspawn exited at once:"
        cat "$DK_SYSTEMD_CONSOLE" >&2
        return 1
    }
    echo "$DK_SYSTEMD_NSPAWN_PID $DK_SYSTEMD_NSPAWN_START" >"$DK_SYSTEMD_PIDFILE"

    # 1. The container's init appears (nspawn has set up the mounts and forked it).
    if ! dk_systemd_wait "$DK_SYSTEMD_BOOT_TIMEOUT" dk_systemd__init_found; then
        dk_systemd_log "no container init (comm systemd) under nspawn pid $DK_SYSTEMD_NSPAWN_PID (exited, or ${DK_SYSTEMD_BOOT_TIMEOUT}s passed); console:"
        tail -n 40 "$DK_SYSTEMD_CONSOLE" >&2
        dk_systemd_shutdown
        return 1
    fi
    # The container's namespaces and root, to tell its processes from the host's.
    DK_SYSTEMD_PIDNS="$(readlink "/proc/$DK_SYSTEMD_INIT_PID/ns/pid")"
    DK_SYSTEMD_MNTNS="$(readlink "/proc/$DK_SYSTEMD_INIT_PID/ns/mnt")"
    DK_SYSTEMD_ROOTID="$(stat -L -c %d:%i "/proc/$DK_SYSTEMD_INIT_PID/root")"
    echo "$DK_SYSTEMD_NSPAWN_PID $DK_SYSTEMD_NSPAWN_START $DK_SYSTEMD_INIT_PID $DK_SYSTEMD_INIT_START" \
        >"$DK_SYSTEMD_PIDFILE"

    # 2. Its systemd says the boot is done.
    DK_SYSTEMD_STATE=""
    if ! dk_systemd_wait "$DK_SYSTEMD_BOOT_TIMEOUT" dk_systemd__booted; then
        dk_systemd_log "the container's systemd did not finish booting (nspawn exited, or ${DK_SYSTEMD_BOOT_TIMEOUT}s passed); console:"
        tail -n 40 "$DK_SYSTEMD_CONSOLE" >&2
        dk_systemd_exec systemctl list-jobs --no-pager >&2 || true
        dk_systemd_shutdown
        return 1
    fi
    if [ "$DK_SYSTEMD_STATE" = degraded ]; then
        dk_systemd_log "booted degraded; failed units:"
        dk_systemd_exec systemctl --failed --no-pager --no-legend >&2 || true
    fi
    dk_systemd_log "booted ($DK_SYSTEMD_STATE) in $(dk_systemd_elapsed "$start"): nspawn pid $DK_SYSTEMD_NSPAWN_PID, init pid $DK_SYSTEMD_INIT_PID"
}

dk_systemd__init_found() {
    dk_systemd_same_process "$DK_SYSTEMD_NSPAWN_PID" "$DK_SYSTEMD_NSPAWN_START" || return 2
    DK_SYSTEMD_INIT_PID="$(dk_systemd_find_init "$DK_SYSTEMD_NSPAWN_PID")" || return 1
    DK_SYSTEMD_INIT_START="$(dk_systemd_starttime "$DK_SYSTEMD_INIT_PID")" || return 1
}

dk_systemd__nspawn_gone() { ! dk_systemd_same_process "$DK_SYSTEMD_NSPAWN_PID" "$DK_SYSTEMD_NSPAWN_START"; }

# Powers the container off and waits for it: `systemctl poweroff` inside (or, while its init is
# not there yet, SIGTERM to nspawn, which passes a halt on to the container), then waits
# DK_SYSTEMD_STOP_TIMEOUT for nspawn and the init to exit. If they do not: SIGKILL to the
# container's init (which ends every process of its pid namespace), then to that exact nspawn
# process, then to whatever is still in the container's own cgroups. Then removes those cgroups
# and the pid file. Safe to call twice, and when nothing was booted. Only the processes recorded
# by dk_systemd_boot (pid and start time) and those in the container's cgroups are signalled.
dk_systemd_shutdown() {
    local start status=0
    start="$(dk_systemd_now)"
    if [ -z "$DK_SYSTEMD_NSPAWN_PID$DK_SYSTEMD_INIT_PID" ] && [ "$DK_SYSTEMD_OWNED" != 1 ]; then
        return 0
    fi
    # Interrupted during the boot: the init may have appeared since.
    if dk_systemd__init_gone && ! dk_systemd__nspawn_gone; then
        dk_systemd__init_found || true
    fi
    if ! dk_systemd__init_gone; then
        dk_systemd_exec systemctl poweroff --no-block >/dev/null 2>&1 \
            || kill -s SIGRTMIN+4 "$DK_SYSTEMD_INIT_PID" 2>/dev/null || true
    elif ! dk_systemd__nspawn_gone; then
        kill -TERM "$DK_SYSTEMD_NSPAWN_PID" 2>/dev/null || true
    fi
    if ! dk_systemd_wait "$DK_SYSTEMD_STOP_TIMEOUT" dk_systemd__all_gone; then
        dk_systemd_log "no poweroff within ${DK_SYSTEMD_STOP_TIMEOUT}s"
        if dk_systemd__init_gone && ! dk_systemd__nspawn_gone; then
            dk_systemd__init_found || true
        fi
        dk_systemd__kill_init
        if ! dk_systemd_wait 10 dk_systemd__all_gone && ! dk_systemd__nspawn_gone; then
            dk_systemd_log "SIGKILL to nspawn pid $DK_SYSTEMD_NSPAWN_PID"
            kill -KILL "$DK_SYSTEMD_NSPAWN_PID" 2>/dev/null || true
            dk_systemd_wait 10 dk_systemd__nspawn_gone || {
                dk_systemd_log "nspawn pid $DK_SYSTEMD_NSPAWN_PID is still there after SIGKILL"
                status=1
            }
        fi
    fi
    # Reap nspawn when it is this shell's child (no zombie; its status is not reported later).
    [ -z "$DK_SYSTEMD_NSPAWN_PID" ] || wait "$DK_SYSTEMD_NSPAWN_PID" 2>/dev/null || true
    # Whatever outlived nspawn (an init found too late, or reparented when nspawn was killed from
    # outside) is still in the container's cgroups.
    dk_systemd_kill_cgroups "$DK_SYSTEMD_MACHINE" || status=1
    dk_systemd_remove_cgroups "$DK_SYSTEMD_MACHINE" || status=1
    if [ "$status" = 0 ]; then
        dk_systemd_log "shut down in $(dk_systemd_elapsed "$start")"
        DK_SYSTEMD_NSPAWN_PID=""
        DK_SYSTEMD_INIT_PID=""
        DK_SYSTEMD_OWNED=""
        rm -f "$DK_SYSTEMD_PIDFILE"
    fi
    return "$status"
}

dk_systemd__all_gone() { dk_systemd__nspawn_gone && dk_systemd__init_gone; }
dk_systemd__init_gone() { ! dk_systemd_same_process "$DK_SYSTEMD_INIT_PID" "$DK_SYSTEMD_INIT_START"; }

# SIGKILL to the container's init ends its whole pid namespace (the kernel kills every process in
# it).
dk_systemd__kill_init() {
    if ! dk_systemd__init_gone; then
        dk_systemd_log "SIGKILL to the container's init, pid $DK_SYSTEMD_INIT_PID"
        kill -KILL "$DK_SYSTEMD_INIT_PID" 2>/dev/null || true
    fi
}

# Loads the container that DK_SYSTEMD_PIDFILE names (booted by another shell, e.g. boot.sh
# start) into this shell's DK_SYSTEMD_* variables, for dk_systemd_exec and dk_systemd_shutdown.
# Status 1 (and the stale file removed) when that nspawn process is gone.
dk_systemd_attach() {
    local nspawn="" nspawn_start="" init="" init_start=""
    [ -e "$DK_SYSTEMD_PIDFILE" ] || return 1
    read -r nspawn nspawn_start init init_start <"$DK_SYSTEMD_PIDFILE" || true
    DK_SYSTEMD_NSPAWN_PID="$nspawn"
    DK_SYSTEMD_NSPAWN_START="$nspawn_start"
    DK_SYSTEMD_INIT_PID="$init"
    DK_SYSTEMD_INIT_START="$init_start"
    if dk_systemd__nspawn_gone && dk_systemd__init_gone; then
        DK_SYSTEMD_NSPAWN_PID=""
        DK_SYSTEMD_INIT_PID=""
        rm -f "$DK_SYSTEMD_PIDFILE"
        return 1
    fi
    if ! dk_systemd__init_gone; then
        DK_SYSTEMD_PIDNS="$(readlink "/proc/$init/ns/pid")"
        DK_SYSTEMD_MNTNS="$(readlink "/proc/$init/ns/mnt")"
        DK_SYSTEMD_ROOTID="$(stat -L -c %d:%i "/proc/$init/root")"
    fi
}

# Stops the container named by DK_SYSTEMD_PIDFILE, if any (left by an earlier run or another
# shell): only the exact processes recorded there (pid and start time).
dk_systemd_shutdown_pidfile() {
    dk_systemd_attach || return 0
    dk_systemd_log "stopping the container left by an earlier run (nspawn pid $DK_SYSTEMD_NSPAWN_PID)"
    dk_systemd_shutdown
}

# Host processes that still belong to the container booted last in this shell (call it after
# dk_systemd_shutdown): one line each, "PID COMM why"; status 1 if any. A process belongs to it
# when it is in its pid or mount namespace, or its root (/proc/PID/root) is the container's root:
# the same directory (device and inode; with --volatile=overlay that is the overlay, whose link
# reads "/" from the host) or a path under the cached root. Zombies are not counted.
dk_systemd_leftovers() {
    local dir pid why status=0
    for dir in /proc/[0-9]*; do
        pid="${dir#/proc/}"
        # A zombie has exited: it holds nothing but its pid until its parent (the host's PID 1,
        # for an orphan; it reaps late here) reaps it.
        dk_systemd_starttime "$pid" >/dev/null || continue
        why=""
        [ -z "$DK_SYSTEMD_PIDNS" ] || [ "$(readlink "$dir/ns/pid" 2>/dev/null)" != "$DK_SYSTEMD_PIDNS" ] || why+=" pid-namespace"
        [ -z "$DK_SYSTEMD_MNTNS" ] || [ "$(readlink "$dir/ns/mnt" 2>/dev/null)" != "$DK_SYSTEMD_MNTNS" ] || why+=" mount-namespace"
        [ -z "$DK_SYSTEMD_ROOTID" ] || [ "$(stat -L -c %d:%i "$dir/root" 2>/dev/null)" != "$DK_SYSTEMD_ROOTID" ] || why+=" root"
        case "$(readlink "$dir/root" 2>/dev/null)" in
            "$DK_SYSTEMD_ROOT" | "$DK_SYSTEMD_ROOT"/*) why+=" root-path" ;;
        esac
        if [ -n "$why" ]; then
            echo "$pid $(cat "$dir/comm" 2>/dev/null)$why"
            status=1
        fi
    done
    return "$status"
}
